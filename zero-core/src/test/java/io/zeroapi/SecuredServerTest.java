package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.testing.TestCertificates;
import io.zeroapi.testing.TestCertificates.Issued;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's secured server: TLS and a bearer token together (TLS is raw TCP only; the token's
 * own suite runs on both transports: AbstractInterceptorTest). The right client is served; without
 * the token, with a wrong one, or in plaintext, a client gets a typed error, and the server goes on
 * serving the right one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecuredServerTest {
  private static final String TOKEN = "orders-s3cret";

  @TempDir Path dir;
  private ZeroServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theRightClientIsServedAndEveryOtherGetsATypedError() {
    TestCertificates ca = new TestCertificates(dir, "orders-ca");
    Issued cert = ca.issue("orders");
    server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(Protocol.TCP)
        .tls(TlsConfig.server(cert.certificatePem(), cert.keyPem()))
        .intercept(BearerTokens.server(List.of(TOKEN)))
        .build();
    server.register("echo", String.class, s -> s);
    server.start();
    TlsConfig trusting = TlsConfig.client().trustedCertificates(ca.ca().certificatePem());

    try (ZeroClient right = client(trusting, BearerTokens.client(TOKEN));
        ZeroClient noToken = client(trusting, null);
        ZeroClient wrongToken = client(trusting, BearerTokens.client("guess"));
        ZeroClient plaintext = client(null, BearerTokens.client(TOKEN))) {
      assertThat(right.call("echo", "hi", String.class)).isEqualTo("hi");
      assertThatThrownBy(() -> noToken.call("echo", "hi", String.class))
          .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("no bearer token");
      assertThatThrownBy(() -> wrongToken.call("echo", "hi", String.class))
          .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("not accepted");
      assertThatThrownBy(() -> plaintext.call("echo", "hi", String.class))
          .isInstanceOf(TlsException.class).hasMessageContaining("requires TLS");
      assertThat(right.call("echo", "still served", String.class)).isEqualTo("still served");
    }
  }

  private ZeroClient client(TlsConfig tls, ClientInterceptor token) {
    ZeroClient.Builder builder = ZeroClient.builder("127.0.0.1", server.port()).protocol(Protocol.TCP)
        .timeout(Duration.ofSeconds(10));
    if (tls != null) {
      builder.tls(tls);
    }
    if (token != null) {
      builder.intercept(token);
    }
    return builder.build();
  }
}
