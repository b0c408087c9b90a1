package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.BearerTokens;
import io.zeroapi.Protocol;
import io.zeroapi.ServerCall;
import io.zeroapi.ZeroServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --token-file} and {@code --metadata} of the client commands, and {@code serve --token-file}'s checks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliTokenTest {
  @TempDir Path dir;
  private ZeroServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String start(Protocol protocol) {
    server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol)
        .intercept(BearerTokens.server(List.of("s3cret"))).build();
    server.register("metadata", () -> ServerCall.current().metadata().asMap());
    server.start();
    return "127.0.0.1:" + server.port();
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void callSendsTheTokenOfItsFileAndTheMetadataGiven() throws IOException {
    for (Protocol protocol : Protocol.values()) {
      String address = start(protocol);
      String name = ProtocolConverter.name(protocol);
      CommandLineTest.Run run = CommandLineTest.run("call", address, "metadata", "--protocol", name,
          "--token-file", file("token", "s3cret\n").toString(), "--metadata", "tenant=acme");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("\"tenant\":\"acme\"").contains("\"authorization\":\"Bearer s3cret\"");

      CommandLineTest.Run wrong = CommandLineTest.run("call", address, "metadata", "--protocol", name,
          "--token-file", file("wrong", "guess").toString());
      assertThat(wrong.exitCode()).isEqualTo(1);
      assertThat(wrong.err()).contains("Unauthenticated: the bearer token is not accepted");

      CommandLineTest.Run none = CommandLineTest.run("call", address, "metadata", "--protocol", name);
      assertThat(none.exitCode()).isEqualTo(1);
      assertThat(none.err()).contains("Unauthenticated: the call carries no bearer token");
      server.close();
      server = null;
    }
  }

  @Test
  void malformedOptionsAreUsageErrors() throws IOException {
    CommandLineTest.Run badMetadata = CommandLineTest.run("call", "127.0.0.1:1", "echo", "--metadata", "Tenant=x");
    assertThat(badMetadata.exitCode()).isEqualTo(2);
    assertThat(badMetadata.err()).contains("--metadata: metadata key `Tenant` has `T`");
    CommandLineTest.Run noEquals = CommandLineTest.run("call", "127.0.0.1:1", "echo", "--metadata", "tenant");
    assertThat(noEquals.err()).contains("--metadata takes KEY=VALUE, got `tenant`");
    CommandLineTest.Run empty = CommandLineTest.run("serve", "--port", "0", "--token-file", file("empty", "\n").toString());
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("--token-file: ").contains("holds no token");
    CommandLineTest.Run missing = CommandLineTest.run("call", "127.0.0.1:1", "echo", "--token-file",
        dir.resolve("nope").toString());
    assertThat(missing.err()).contains("--token-file: cannot read");
  }
}
