package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.TlsConfig;
import io.zeroapi.TlsException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.testing.TestCertificates;
import io.zeroapi.testing.TestCertificates.Issued;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * TLS and mutual TLS on the TCP transport, on one TLS engine per subclass, and every bad input of
 * issue 11 §3: each fails its calls with a {@link TlsException} saying what is wrong (the calls'
 * timeouts are 30 s: a TlsException shows they did not wait them out), the server logs one WARN
 * line, and a good client of the same server keeps being served meanwhile. Certificates are made
 * at test time ({@link TestCertificates}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractTlsTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir
  static Path dir;
  static TestCertificates ca;
  static TestCertificates otherCa;
  static Issued serverCert;
  static Issued clientCert;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger tlsLog = (Logger) LoggerFactory.getLogger("io.zeroapi.internal.tcp.Tls");

  /** The engine under test. */
  protected abstract TlsConfig.Provider provider();

  @BeforeAll
  static void certificates() {
    ca = new TestCertificates(dir, "test-ca");
    otherCa = new TestCertificates(dir, "other-ca");
    serverCert = ca.issue("server");
    clientCert = ca.issue("client");
  }

  @BeforeEach
  void listen() {
    logged.start();
    tlsLog.addAppender(logged);
  }

  @AfterEach
  void close() throws Exception {
    tlsLog.detachAppender(logged);
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    closing.add(c);
    return c;
  }

  TlsConfig serverTls(Issued cert) {
    return TlsConfig.server(cert.certificatePem(), cert.keyPem()).provider(provider());
  }

  TlsConfig mutualTls() {
    return serverTls(serverCert).trustedCertificates(ca.ca().certificatePem())
        .clientAuth(TlsConfig.ClientAuth.REQUIRE);
  }

  TlsConfig clientTls() {
    return TlsConfig.client().trustedCertificates(ca.ca().certificatePem()).provider(provider());
  }

  ZeroServer server(TlsConfig tls) {
    ZeroServer.Builder builder = ZeroServer.builder().host("127.0.0.1").port(0).protocol(Protocol.TCP)
        .shutdownGracePeriod(Duration.ofSeconds(1));
    ZeroServer server = closing((tls == null ? builder : builder.tls(tls)).build());
    server.register("echo", String.class, s -> s);
    server.register("carrier", () -> Thread.currentThread().toString());
    return server.start();
  }

  ZeroClient client(ZeroServer server, TlsConfig tls) {
    ZeroClient.Builder builder = ZeroClient.builder("127.0.0.1", server.port()).protocol(Protocol.TCP).timeout(LONG);
    return closing((tls == null ? builder : builder.tls(tls)).build());
  }

  /** The server's one WARN line (it may come after the client's failure: the server logs as the alert arrives). */
  private org.assertj.core.api.AbstractStringAssert<?> warning() {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !warnings().isEmpty());
    return assertThat(warnings()).singleElement().asString();
  }

  private List<String> warnings() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** A bad client fails twice with {@code message} while a good one keeps being served. */
  private void assertRefusedWhileGoodClientServed(ZeroClient good, ZeroClient bad, String message) {
    assertThat(good.call("echo", "before", String.class)).isEqualTo("before");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> bad.call("echo", "x", String.class))
          .isInstanceOf(TlsException.class)
          .hasMessageContaining(message);
      assertThat(good.call("echo", "during", String.class)).isEqualTo("during");
    }
  }

  @Test
  void callsGoOverTlsOnBothPoolKindsAndOnTheEventLoopThatReadThem() throws Exception {
    ZeroServer server = server(serverTls(serverCert));
    ZeroClient multiplexed = client(server, clientTls());
    assertThat(multiplexed.call("echo", "hello", String.class)).isEqualTo("hello");
    ZeroClient pooled = closing(ZeroClient.builder("127.0.0.1", server.port()).protocol(Protocol.TCP)
        .multiplexed(false).connections(3).tls(clientTls()).build());
    AsyncZeroClient async = pooled.async();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(async.call("echo", "call " + i, String.class, LONG));
    }
    for (int i = 0; i < 50; i++) {
      assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("call " + i);
    }
    // The tests run with --add-opens java.base/java.lang: a call's virtual thread runs on the
    // event loop that read it, behind the SslHandler as without it.
    assertThat(multiplexed.call("carrier", String.class)).contains("zero-tcp-server");
    assertThat(warnings()).isEmpty();
  }

  @Test
  void mutualTlsServesAClientWithACertificateAndRefusesOthers() {
    ZeroServer server = server(mutualTls());
    ZeroClient good = client(server, clientTls().certificate(clientCert.certificatePem(), clientCert.keyPem()));
    ZeroClient none = client(server, clientTls());
    assertRefusedWhileGoodClientServed(good, none, "the server refused this client");
    warning()
        .contains("TLS handshake failed with 127.0.0.1:").contains("the client sent no certificate");

    Issued stranger = otherCa.issue("stranger");
    ZeroClient wrong = client(server, clientTls().certificate(stranger.certificatePem(), stranger.keyPem()));
    assertThatThrownBy(() -> wrong.call("echo", "x", String.class))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("the server refused this client")
        .hasMessageContaining("TlsConfig.certificate");
    assertThat(good.call("echo", "after", String.class)).isEqualTo("after");
  }

  @Test
  void aPlaintextClientOfATlsServerFailsSayingSo() {
    ZeroServer server = server(serverTls(serverCert));
    ZeroClient good = client(server, clientTls());
    ZeroClient plain = client(server, null);
    assertRefusedWhileGoodClientServed(good, plain, "The server at 127.0.0.1:" + server.port() + " requires TLS; "
        + "this client has TLS off");
    warning()
        .matches("Peer 127\\.0\\.0\\.1:\\d+ does not speak TLS .*this server requires TLS.*");
  }

  @Test
  void aTlsClientOfAPlaintextServerFailsSayingSo() {
    ZeroServer server = server(null);
    ZeroClient good = client(server, null);
    ZeroClient tls = client(server, clientTls());
    assertRefusedWhileGoodClientServed(good, tls, "the server closed the connection during the handshake: it may "
        + "have TLS off");
    warning()
        .matches("Peer 127\\.0\\.0\\.1:\\d+ speaks TLS; this server has TLS off.*");
  }

  @Test
  void anExpiredServerCertificateIsRefused() {
    ZeroServer expired = server(serverTls(ca.expired("expired")));
    ZeroClient client = client(expired, clientTls());
    assertThatThrownBy(() -> client.call("echo", "x", String.class))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("the server's certificate has expired");
    warning().contains("the client refused this server's certificate");
  }

  @Test
  void aServerCertificateOfAnUnknownCaIsRefusedWhileOthersAreServed() {
    ZeroServer server = server(serverTls(serverCert));
    ZeroClient good = client(server, clientTls());
    ZeroClient distrustful = client(server,
        TlsConfig.client().trustedCertificates(otherCa.ca().certificatePem()).provider(provider()));
    assertRefusedWhileGoodClientServed(good, distrustful, "the server's certificate is not signed by a trusted CA");
    warning().contains("the client refused this server's certificate");
  }

  @Test
  void aServerCertificateForAnotherNameIsRefusedUnlessTheNameIsGivenOrVerificationIsOff() {
    ZeroServer server = server(serverTls(ca.issueFor("elsewhere", "elsewhere.test")));
    ZeroClient strict = client(server, clientTls());
    assertThatThrownBy(() -> strict.call("echo", "x", String.class))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("the server's certificate does not name 127.0.0.1");
    assertThat(client(server, clientTls().serverName("elsewhere.test")).call("echo", "named", String.class))
        .isEqualTo("named");
    assertThat(client(server, clientTls().hostnameVerification(false)).call("echo", "unchecked", String.class))
        .isEqualTo("unchecked");
  }

  @Test
  void keyStoresServeAsWellAsPemFiles() {
    ZeroServer server = server(TlsConfig.server(serverCert.keyStore(), "secret".toCharArray())
        .trustStore(ca.ca().trustStore()).clientAuth(TlsConfig.ClientAuth.OPTIONAL).provider(provider()));
    ZeroClient client = client(server, TlsConfig.client().trustStore(ca.ca().trustStore())
        .keyStore(clientCert.keyStore(), "secret".toCharArray()).provider(provider()));
    assertThat(client.call("echo", "stored", String.class)).isEqualTo("stored");
    assertThat(client(server, clientTls()).call("echo", "optional", String.class)).isEqualTo("optional");
  }

  @Test
  void aClientReconnectsOverTlsToARestartedServer() {
    ZeroServer first = server(serverTls(serverCert));
    int port = first.port();
    ZeroClient client = client(first, clientTls());
    assertThat(client.call("echo", "one", String.class)).isEqualTo("one");
    first.close();
    ZeroServer second = closing(ZeroServer.builder().host("127.0.0.1").port(port).protocol(Protocol.TCP)
        .tls(serverTls(serverCert)).build());
    second.register("echo", String.class, s -> "again " + s);
    second.start();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> client.call("echo", "two", String.class).equals("again two"));
  }

  @Test
  void aClientOverSeveralEndpointsCallsEachOverTls() {
    ZeroServer a = server(serverTls(serverCert));
    ZeroServer b = server(serverTls(serverCert));
    a.register("who", () -> "a");
    b.register("who", () -> "b");
    ZeroClient client = closing(ZeroClient.builder("127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port())
        .protocol(Protocol.TCP).loadBalancing(io.zeroapi.LoadBalancing.ROUND_ROBIN).timeout(LONG).tls(clientTls())
        .build());
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 20 && seen.size() < 2; i++) {
      seen.add(client.call("who", String.class));
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b");
  }
}
