package io.zeroapi.cli;

import static io.zeroapi.cli.CommandLineTest.assertUsageError;
import static io.zeroapi.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import io.zeroapi.TlsConfig;
import io.zeroapi.ZeroServer;
import io.zeroapi.examples.ExampleServer;
import io.zeroapi.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The --tls* options of {@code zero call} and {@code zero health} against a mutual-TLS example server, and their usage errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliTlsTest {
  @TempDir Path dir;

  @Test
  void callAndHealthGoOverMutualTlsWithTheTlsOptions() {
    TestCertificates ca = new TestCertificates(dir, "ca");
    TestCertificates.Issued server = ca.issue("server");
    TestCertificates.Issued client = ca.issue("client");
    String caPem = ca.ca().certificatePem().toString();
    try (ZeroServer tls = ExampleServer.register(ZeroServer.builder().host("127.0.0.1").port(0).protocol(Protocol.TCP)
        .shutdownGracePeriod(Duration.ofSeconds(1))
        .tls(TlsConfig.server(server.certificatePem(), server.keyPem()).trustedCertificates(ca.ca().certificatePem())
            .clientAuth(TlsConfig.ClientAuth.REQUIRE)).build()).start()) {
      String address = "127.0.0.1:" + tls.port();
      CommandLineTest.Run ok = run("call", address, "echo", "\"secret\"", "--protocol", "tcp", "--tls-ca", caPem,
          "--tls-cert", client.certificatePem().toString(), "--tls-key", client.keyPem().toString());
      assertThat(ok.exitCode()).as(ok.err()).isZero();
      assertThat(ok.out()).isEqualTo("\"secret\"\n");
      CommandLineTest.Run health = run("health", address, "--protocol", "tcp", "--tls-ca", caPem,
          "--tls-cert", client.certificatePem().toString(), "--tls-key", client.keyPem().toString());
      assertThat(health.exitCode()).as(health.err()).isZero();
      CommandLineTest.Run noCertificate = run("call", address, "echo", "\"secret\"", "--protocol", "tcp",
          "--tls-ca", caPem, "--timeout", "30000");
      assertThat(noCertificate.exitCode()).isEqualTo(1);
      assertThat(noCertificate.err()).startsWith("error: TlsException: TLS handshake with " + address + " failed: "
          + "the server refused this client");
      CommandLineTest.Run plaintext = run("call", address, "echo", "\"secret\"", "--protocol", "tcp",
          "--timeout", "30000");
      assertThat(plaintext.err()).startsWith("error: TlsException: The server at " + address + " requires TLS");
    }
  }

  @Test
  void tlsOptionsOutsideTcpOrIncompleteAreUsageErrors() {
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "--tls"), "zero call",
        "--tls options are for --protocol tcp");
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "--protocol", "tcp", "--tls-cert", "c.pem"), "zero call",
        "--tls-cert and --tls-key go together");
    assertUsageError(run("serve", "--tls-cert", "c.pem", "--tls-key", "k.pem"), "zero serve",
        "--tls-* options are for --protocol tcp");
    assertUsageError(run("serve", "--protocol", "tcp", "--tls-cert", "c.pem"), "zero serve",
        "TLS needs both --tls-cert and --tls-key");
    assertUsageError(run("serve", "--protocol", "tcp", "--tls-cert", "c.pem", "--tls-key", "k.pem",
        "--tls-client-auth", "require"), "zero serve", "--tls-client-auth require needs --tls-ca");
    assertUsageError(run("serve", "--protocol", "tcp", "--tls-cert", "missing.pem", "--tls-key", "k.pem"),
        "zero serve", "Cannot read missing.pem");
  }
}
