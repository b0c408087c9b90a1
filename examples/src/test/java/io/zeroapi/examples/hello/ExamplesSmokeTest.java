package io.zeroapi.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.ZeroServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the README's server and client against each other (needs the real codec and TCP transport). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExamplesSmokeTest {

  @Test
  void helloClientTalksToHelloServer() {
    try (ZeroServer server = HelloServer.create(0)) {
      assertThat(server.functions()).containsExactly("echo", "hello_world");
      assertThat(HelloClient.run("127.0.0.1", server.port())).containsExactly("hi", "hello world");
    }
  }
}
