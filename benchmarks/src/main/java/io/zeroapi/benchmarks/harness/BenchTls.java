package io.zeroapi.benchmarks.harness;

import io.zeroapi.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS systems' certificate: one self-signed EC P-256 certificate for 127.0.0.1, made by the JDK's
 * {@code keytool} once per run in a temporary directory (nothing committed); the server processes
 * find the directory in the system property {@value #DIR_PROPERTY}.
 */
final class BenchTls {
  static final String DIR_PROPERTY = "zero.bench.tls";
  private static final String PASSWORD = "bench-only";
  private static Path dir; // guarded by BenchTls.class

  private BenchTls() {}

  /** The directory with {@code server.p12} (key store) and {@code server.pem} (its certificate), made on first use. */
  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path d = Files.createTempDirectory("zero-bench-tls");
        d.toFile().deleteOnExit();
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
            "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", d.resolve("server.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", d.resolve("server.p12").toString(),
            "-storepass", PASSWORD, "-file", d.resolve("server.pem").toString());
        d.resolve("server.p12").toFile().deleteOnExit();
        d.resolve("server.pem").toFile().deleteOnExit();
        dir = d;
      } catch (IOException e) {
        throw new IllegalStateException("cannot make the TLS systems' certificate: " + e.getMessage(), e);
      }
    }
    return dir;
  }

  /** The server's TLS on {@code provider}, from the directory the harness gave this process. */
  static TlsConfig server(TlsConfig.Provider provider) {
    return TlsConfig.server(keyStore(), PASSWORD.toCharArray()).provider(provider);
  }

  /** The server's key for grpc-java's own TLS context. */
  static javax.net.ssl.KeyManagerFactory keyManagers() throws java.security.GeneralSecurityException {
    javax.net.ssl.KeyManagerFactory factory =
        javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keyStore(), PASSWORD.toCharArray());
    return factory;
  }

  private static KeyStore keyStore() {
    Path d = Path.of(System.getProperty(DIR_PROPERTY));
    try (InputStream in = Files.newInputStream(d.resolve("server.p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      return store;
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the TLS systems' key store from " + d + ": " + e, e);
    }
  }

  /** A client's TLS on {@code provider}, trusting the run's certificate. */
  static TlsConfig client(TlsConfig.Provider provider) {
    return TlsConfig.client().trustedCertificates(dir().resolve("server.pem")).provider(provider);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
