package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.Protocol;
import io.zeroapi.TlsConfig;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** TLS on the JDK's engine, the default when netty-tcnative is not on the class path; and the builders' checks. */
class JdkTlsTest extends AbstractTlsTest {
  @Override
  protected TlsConfig.Provider provider() {
    return TlsConfig.Provider.JDK;
  }

  @Test
  void tlsIsRefusedOnZeroMqAndTheRolesAreChecked() {
    TlsConfig server = serverTls(serverCert);
    assertThatThrownBy(() -> ZeroServer.builder().protocol(Protocol.ZMQ).tls(server).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("TLS is TCP-only; the protocol is ZMQ");
    assertThatThrownBy(() -> ZeroClient.builder("127.0.0.1", 5559).protocol(Protocol.ZMQ).tls(clientTls()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("TLS is TCP-only; the protocol is ZMQ");
    assertThatThrownBy(() -> ZeroServer.builder().tls(clientTls()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use TlsConfig.server");
    assertThatThrownBy(() -> ZeroClient.builder("127.0.0.1", 5559).tls(server))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use TlsConfig.client");
    assertThatThrownBy(() -> clientTls().clientAuth(TlsConfig.ClientAuth.REQUIRE))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.hostnameVerification(false)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ZeroServer.builder().protocol(Protocol.TCP)
            .tls(server.clientAuth(TlsConfig.ClientAuth.REQUIRE)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the CAs that sign client certificates");
  }

  @Test
  void unusableFilesAreRefusedSayingWhich() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
    assertThatThrownBy(() -> TlsConfig.server(notPem, serverCert.keyPem()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate in " + notPem);
    assertThatThrownBy(() -> TlsConfig.client().trustedCertificates(dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot read");
    TlsConfig wrongKey = TlsConfig.server(serverCert.certificatePem(), notPem).provider(provider());
    assertThatThrownBy(() -> ZeroServer.builder().protocol(Protocol.TCP).tls(wrongKey).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot set up TLS with");
  }
}
