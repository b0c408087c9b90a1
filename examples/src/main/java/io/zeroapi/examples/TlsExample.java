package io.zeroapi.examples;

import io.zeroapi.Protocol;
import io.zeroapi.TlsConfig;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.nio.file.Path;

/**
 * The README's TLS example: a mutual-TLS server and a client with its certificate, from PEM files
 * in the working directory ({@code server.pem}, {@code server.key}, {@code ca.pem}, {@code
 * client.pem}, {@code client.key}). Run: {@code java ... io.zeroapi.examples.TlsExample}.
 */
public final class TlsExample {
  private TlsExample() {}

  /**
   * Serves {@code echo} over mutual TLS on port 5560, calls it once, prints the result.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    // README:tls:start
    // Server: its certificate chain and PKCS#8 private key (PEM); mTLS: trust the clients' CA and require a certificate.
    ZeroServer server = ZeroServer.builder().protocol(Protocol.TCP).port(5560)
        .tls(TlsConfig.server(Path.of("server.pem"), Path.of("server.key"))
            .trustedCertificates(Path.of("ca.pem")).clientAuth(TlsConfig.ClientAuth.REQUIRE))
        .build();
    server.register("echo", String.class, s -> s);
    server.start();

    // Client: trust the server's CA (default: the JDK's CAs); mTLS: its own certificate.
    try (ZeroClient client = ZeroClient.builder("localhost", 5560).protocol(Protocol.TCP)
        .tls(TlsConfig.client().trustedCertificates(Path.of("ca.pem"))
            .certificate(Path.of("client.pem"), Path.of("client.key")))
        .build()) {
      System.out.println(client.call("echo", "hi", String.class));
    }
    // README:tls:end
    server.close();
  }
}
