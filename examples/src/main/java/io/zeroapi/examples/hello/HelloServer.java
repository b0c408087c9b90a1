package io.zeroapi.examples.hello;

import io.zeroapi.ZeroServer;

/** The README's server: two functions, served until Ctrl-C. */
public final class HelloServer {
  private HelloServer() {}

  // README:server:start
  public static ZeroServer create(int port) {
    ZeroServer server = ZeroServer.create(port);
    server.register("echo", String.class, message -> message);
    server.register("hello_world", () -> "hello world");
    return server.start(); // binds, then returns
  }

  public static void main(String[] args) {
    create(5559).run(); // serves until Ctrl-C or SIGTERM, then shuts down gracefully
  }
  // README:server:end
}
