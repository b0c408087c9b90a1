package io.zeroapi;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.zeroapi.internal.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS (1.3 and 1.2) for the {@link Protocol#TCP} transport, on a server ({@link
 * ZeroServer.Builder#tls}) or a client ({@link ZeroClient.Builder#tls}); mutual TLS when the
 * server {@link #clientAuth requires} a client certificate. Off unless given: a plaintext server
 * is byte for byte the Python original's protocol.
 *
 * <pre>{@code
 * // server: its certificate chain and private key (PEM); mTLS: trust the clients' CA, require a certificate
 * TlsConfig serverTls = TlsConfig.server(Path.of("server.pem"), Path.of("server.key"))
 *     .trustedCertificates(Path.of("clients-ca.pem")).clientAuth(TlsConfig.ClientAuth.REQUIRE);
 * // client: trust the server's CA; mTLS: its own certificate
 * TlsConfig clientTls = TlsConfig.client().trustedCertificates(Path.of("ca.pem"))
 *     .certificate(Path.of("client.pem"), Path.of("client.key"));
 * }</pre>
 *
 * <p>Formats: certificates as PEM (one or more {@code BEGIN CERTIFICATE} blocks, the leaf first in a
 * chain), private keys as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}, what {@code openssl
 * genpkey} writes); or a {@link KeyStore} (PKCS#12, JKS) for keys and trusted certificates. Files
 * and key stores are read when the method is called (later changes to them are not seen); the key
 * material is checked when the server or client is built ({@link IllegalArgumentException} saying
 * what is wrong).
 *
 * <p>Engine: OpenSSL (netty-tcnative, e.g. {@code io.netty:netty-tcnative-boringssl-static} with
 * its platform classifier) when it is on the class path, else the JDK's own; {@link #provider}
 * forces one.
 *
 * <p>A client verifies that the server's certificate names the host it connects to (or {@link
 * #serverName}); {@link #hostnameVerification hostnameVerification(false)} turns this off, for
 * tests only. A client without {@link #trustedCertificates} trusts the JDK's default CAs.
 *
 * <p>Failures: a call on a client whose handshake fails (untrusted, expired or misnamed server
 * certificate, client certificate refused, TLS on one side only) ends at once with a {@link
 * TlsException} saying what is wrong; the server logs one WARN line per 10 s for such connections
 * and keeps serving the others.
 *
 * <p>Thread safety: immutable; every method returns a new instance, and one instance may be given
 * to any number of servers and clients.
 */
public final class TlsConfig {
  /** Whether a server asks its clients for a certificate (mutual TLS). */
  public enum ClientAuth {
    /** No client certificate is asked for (the default). */
    NONE,
    /** A client certificate is asked for and verified if sent; clients without one are accepted. */
    OPTIONAL,
    /** Every client must present a certificate signed by a {@link #trustedCertificates trusted} CA. */
    REQUIRE
  }

  /** The TLS engine. */
  public enum Provider {
    /** OpenSSL when netty-tcnative is on the class path, else the JDK (the default). */
    AUTO,
    /** The JDK's own TLS ({@code SSLEngine}). */
    JDK,
    /** OpenSSL through netty-tcnative (BoringSSL); building fails if it is not on the class path. */
    OPENSSL
  }

  /** Key material from PEM bytes or a key store; {@code source} names it in messages. */
  private record Material(byte[] certificatesPem, byte[] keyPem, KeyManagerFactory keys, TrustManagerFactory trusted,
      String source) {}

  private final boolean server;
  private final Material identity;
  private final Material trust;
  private final ClientAuth clientAuth;
  private final boolean hostnameVerification;
  private final String serverName;
  private final Provider provider;

  private TlsConfig(boolean server, Material identity, Material trust, ClientAuth clientAuth,
      boolean hostnameVerification, String serverName, Provider provider) {
    this.server = server;
    this.identity = identity;
    this.trust = trust;
    this.clientAuth = clientAuth;
    this.hostnameVerification = hostnameVerification;
    this.serverName = serverName;
    this.provider = provider;
  }

  /**
   * A server's TLS: its certificate chain and private key, from PEM files.
   *
   * @param certificateChainPem the server's certificate first, then the intermediate CAs (PEM)
   * @param privateKeyPem the private key of the server's certificate (unencrypted PKCS#8 PEM)
   * @return a server configuration
   * @throws IllegalArgumentException if a file cannot be read or holds no PEM certificate
   */
  public static TlsConfig server(Path certificateChainPem, Path privateKeyPem) {
    return new TlsConfig(true, pem(certificateChainPem, privateKeyPem), null, ClientAuth.NONE, true, null,
        Provider.AUTO);
  }

  /**
   * A server's TLS: its certificate chain and private key from a key store (the one key entry it
   * holds, or the first).
   *
   * @param keyStore a loaded key store (PKCS#12 or JKS) with the server's key entry
   * @param keyPassword the password of the key entry
   * @return a server configuration
   */
  public static TlsConfig server(KeyStore keyStore, char[] keyPassword) {
    return new TlsConfig(true, store(keyStore, keyPassword, true), null, ClientAuth.NONE, true, null, Provider.AUTO);
  }

  /**
   * A client's TLS, trusting the JDK's default CAs until {@link #trustedCertificates} says otherwise,
   * without a certificate of its own until {@link #certificate} gives one.
   *
   * @return a client configuration
   */
  public static TlsConfig client() {
    return new TlsConfig(false, null, null, ClientAuth.NONE, true, null, Provider.AUTO);
  }

  /**
   * The CAs (or self-signed certificates) to trust, instead of the JDK's defaults: on a client, of
   * the server's certificate; on a server, of client certificates ({@link #clientAuth}).
   *
   * @param certificatesPem one or more PEM certificates
   * @return a copy with this trust
   * @throws IllegalArgumentException if the file cannot be read or holds no PEM certificate
   */
  public TlsConfig trustedCertificates(Path certificatesPem) {
    return new TlsConfig(server, identity, pem(certificatesPem, null), clientAuth, hostnameVerification, serverName,
        provider);
  }

  /**
   * As {@link #trustedCertificates(Path)}, with the trusted certificates of a key store.
   *
   * @param trustStore a loaded key store whose certificate entries are trusted
   * @return a copy with this trust
   */
  public TlsConfig trustStore(KeyStore trustStore) {
    return new TlsConfig(server, identity, store(trustStore, null, false), clientAuth, hostnameVerification, serverName,
        provider);
  }

  /**
   * This side's own certificate: on a client, the one it presents for mutual TLS; on a server, it
   * replaces the one given to {@link #server(Path, Path)}.
   *
   * @param certificateChainPem the certificate first, then the intermediate CAs (PEM)
   * @param privateKeyPem its private key (unencrypted PKCS#8 PEM)
   * @return a copy with this certificate
   * @throws IllegalArgumentException if a file cannot be read or holds no PEM certificate
   */
  public TlsConfig certificate(Path certificateChainPem, Path privateKeyPem) {
    return new TlsConfig(server, pem(certificateChainPem, privateKeyPem), trust, clientAuth, hostnameVerification,
        serverName, provider);
  }

  /**
   * As {@link #certificate(Path, Path)}, from a key store.
   *
   * @param keyStore a loaded key store with one key entry
   * @param keyPassword the password of the key entry
   * @return a copy with this certificate
   */
  public TlsConfig keyStore(KeyStore keyStore, char[] keyPassword) {
    return new TlsConfig(server, store(keyStore, keyPassword, true), trust, clientAuth, hostnameVerification, serverName,
        provider);
  }

  /**
   * Server only: whether clients must present a certificate signed by a {@link
   * #trustedCertificates trusted} CA (mutual TLS). Default {@link ClientAuth#NONE}.
   *
   * @param clientAuth the policy
   * @return a copy with this policy
   * @throws IllegalStateException on a client configuration
   */
  public TlsConfig clientAuth(ClientAuth clientAuth) {
    Objects.requireNonNull(clientAuth, "clientAuth");
    if (!server) {
      throw new IllegalStateException("clientAuth is a server setting; this is a client TlsConfig");
    }
    return new TlsConfig(server, identity, trust, clientAuth, hostnameVerification, serverName, provider);
  }

  /**
   * Client only: whether the server's certificate must name the host connected to (or {@link
   * #serverName}). Default true; false accepts any certificate a trusted CA signed, which lets
   * anyone holding such a certificate impersonate the server: for tests only.
   *
   * @param verify false to turn the check off
   * @return a copy with this setting
   * @throws IllegalStateException on a server configuration
   */
  public TlsConfig hostnameVerification(boolean verify) {
    if (server) {
      throw new IllegalStateException("hostnameVerification is a client setting; this is a server TlsConfig");
    }
    return new TlsConfig(server, identity, trust, clientAuth, verify, serverName, provider);
  }

  /**
   * Client only: the name the server's certificate must have, and the SNI name sent, instead of the
   * host connected to. Default: the host of the client's address; for a {@code dns:///name:port}
   * target, {@code name}.
   *
   * @param name a DNS name or IP address
   * @return a copy with this name
   * @throws IllegalStateException on a server configuration
   */
  public TlsConfig serverName(String name) {
    Objects.requireNonNull(name, "name");
    if (server) {
      throw new IllegalStateException("serverName is a client setting; this is a server TlsConfig");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("serverName must not be blank");
    }
    return new TlsConfig(server, identity, trust, clientAuth, hostnameVerification, name, provider);
  }

  /**
   * The TLS engine. Default {@link Provider#AUTO}.
   *
   * @param provider the engine
   * @return a copy with this engine
   */
  public TlsConfig provider(Provider provider) {
    return new TlsConfig(server, identity, trust, clientAuth, hostnameVerification, serverName,
        Objects.requireNonNull(provider, "provider"));
  }

  /** Whether this is a server configuration ({@link #server}) rather than a client one. */
  boolean isServer() {
    return server;
  }

  /**
   * The engine {@link Provider#AUTO} chooses here: OpenSSL when netty-tcnative is on the class path,
   * else the JDK.
   *
   * @return {@link Provider#OPENSSL} or {@link Provider#JDK}
   */
  public static Provider availableProvider() {
    return io.netty.handler.ssl.OpenSsl.isAvailable() ? Provider.OPENSSL : Provider.JDK;
  }

  /**
   * The transport's settings: the Netty context built from this configuration.
   *
   * @param defaultServerName a client's name to verify when {@link #serverName} is not set (null:
   *     the host connected to)
   * @throws IllegalArgumentException if the key material is unusable
   * @throws IllegalStateException if OpenSSL is asked for and not on the class path
   */
  TlsSettings settings(String defaultServerName) {
    Provider engine = provider == Provider.AUTO ? availableProvider() : provider;
    if (engine == Provider.OPENSSL && !io.netty.handler.ssl.OpenSsl.isAvailable()) {
      throw new IllegalStateException("TLS provider OPENSSL asked for, but netty-tcnative is not usable here ("
          + io.netty.handler.ssl.OpenSsl.unavailabilityCause() + "): add io.netty:netty-tcnative-boringssl-static "
          + "with this platform's classifier to the class path, or use Provider.JDK");
    }
    if (server && clientAuth != ClientAuth.NONE && trust == null) {
      throw new IllegalArgumentException("clientAuth(" + clientAuth + ") needs the CAs that sign client "
          + "certificates: trustedCertificates(...) or trustStore(...)");
    }
    SslContextBuilder builder;
    try {
      if (server) {
        builder = identity.keys != null ? SslContextBuilder.forServer(identity.keys)
            : SslContextBuilder.forServer(in(identity.certificatesPem), in(identity.keyPem));
        builder.clientAuth(switch (clientAuth) {
          case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
          case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
          case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
        });
      } else {
        builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm(hostnameVerification ? "HTTPS" : null);
        if (identity != null) {
          if (identity.keys != null) {
            builder.keyManager(identity.keys);
          } else {
            builder.keyManager(in(identity.certificatesPem), in(identity.keyPem));
          }
        }
      }
      if (trust != null) {
        if (trust.trusted != null) {
          builder.trustManager(trust.trusted);
        } else {
          builder.trustManager(in(trust.certificatesPem));
        }
      }
      SslContext context = builder
          .sslProvider(engine == Provider.OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
      return new TlsSettings(context, serverName != null ? serverName : defaultServerName, engine.name());
    } catch (IOException | IllegalArgumentException e) {
      String what = identity != null ? identity.source : trust != null ? trust.source : "the JDK's default CAs";
      throw new IllegalArgumentException("Cannot set up TLS with " + what
          + (trust != null && identity != null ? " and " + trust.source : "") + ": " + e.getMessage()
          + " (private keys: unencrypted PKCS#8 PEM, BEGIN PRIVATE KEY)", e);
    }
  }

  private static ByteArrayInputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }


  private static Material pem(Path certificates, Path key) {
    Objects.requireNonNull(certificates, "certificates");
    byte[] certificateBytes = read(certificates);
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in(certificateBytes)).isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate in " + certificates);
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("no PEM certificate in " + certificates + ": " + e.getMessage(), e);
    }
    byte[] keyBytes = key == null ? null : read(key);
    return new Material(certificateBytes, keyBytes, null, null,
        certificates + (key == null ? "" : " (key " + key + ")"));
  }

  /** The key store's entries as they are now: its key entry ({@code keys}) or trusted certificates. */
  private static Material store(KeyStore store, char[] password, boolean keys) {
    Objects.requireNonNull(store, keys ? "keyStore" : "trustStore");
    String source = "a " + store.getType() + " " + (keys ? "key" : "trust") + " store";
    try {
      if (keys) {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return new Material(null, null, factory, null, source);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return new Material(null, null, null, factory, source);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot use " + source + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + file + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "TlsConfig[" + (server ? "server, clientAuth " + clientAuth : "client"
        + (hostnameVerification ? "" : ", no hostname verification")) + ", provider " + provider + "]";
  }
}
