package com.example.greeter;

import com.example.greeter.api.Greeting;
import com.example.greeter.api.Reply;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.util.Collections;

/**
 * A user's program on Zero for Java: a server on a free port of 127.0.0.1 and a client calling it
 * with a record, once over raw TCP and once over ZeroMQ. It exits with 0 when both replies are the
 * expected ones, and with an exception otherwise.
 */
public final class Main {
  private Main() {}

  /**
   * Serves {@code greet} and calls it over each transport.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    for (Protocol protocol : new Protocol[] {Protocol.TCP, Protocol.ZMQ}) {
      Reply reply = greetOver(protocol, new Greeting("Ada", 2));
      Reply expected = new Reply("hello Ada, hello Ada", protocol.name());
      if (!reply.equals(expected)) {
        throw new IllegalStateException("expected " + expected + " but got " + reply);
      }
      System.out.println(protocol + ": " + reply.text());
    }
  }

  /** Starts a server over {@code protocol}, calls its {@code greet} once, and closes both. */
  static Reply greetOver(Protocol protocol, Greeting greeting) {
    try (ZeroServer server =
        ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol).build()) {
      server.register("greet", Greeting.class, g -> greet(g, protocol));
      server.start();
      try (ZeroClient client =
          ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol).build()) {
        return client.call("greet", greeting, Reply.class);
      }
    }
  }

  private static Reply greet(Greeting greeting, Protocol protocol) {
    String once = "hello " + greeting.name();
    String text = String.join(", ", Collections.nCopies(greeting.times(), once));
    return new Reply(text, protocol.name());
  }
}
