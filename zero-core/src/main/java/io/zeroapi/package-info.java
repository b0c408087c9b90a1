/**
 * Zero for Java: register plain functions on a server, call them by name.
 *
 * <h2>Server</h2>
 *
 * <pre>{@code
 * ZeroServer server = ZeroServer.create(5559);
 * server.register("echo", String.class, message -> message);    // one argument, decoded into String
 * server.register("hello_world", () -> "hello world");           // no argument
 * server.registerAsync("later", () -> CompletableFuture.completedFuture("done"));
 * server.registerService(new OrderService());                    // every @Rpc method
 * server.run();                                                   // until SIGTERM / Ctrl-C
 * }</pre>
 *
 * <h2>Clients</h2>
 *
 * <pre>{@code
 * try (ZeroClient client = ZeroClient.connect("localhost", 5559)) {
 *   String reply = client.call("echo", "hi", String.class);               // blocks
 *   client.async().call("echo", "hi", String.class).thenAccept(System.out::println); // a future
 * }
 * }</pre>
 *
 * <h2>Errors</h2>
 *
 * Everything Zero throws is a {@link io.zeroapi.ZeroException}; futures fail with the same types.
 * {@link io.zeroapi.ServerUnavailableException} (the server is busy or shutting down and did not
 * run the function) is the one that is always safe to retry.
 *
 * <h2>Wire</h2>
 *
 * Payloads are MessagePack with the conventions of the Python original ({@link
 * io.zeroapi.codec.MsgpackCodec}), so Java and Python clients and servers call each other.
 */
package io.zeroapi;
