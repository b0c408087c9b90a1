package io.zeroapi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test-only certificates, made at test time (nothing committed): a CA, and certificates it signs
 * (EC P-256, fast to make), written as PEM files (certificates, PKCS#8 private keys) into a
 * directory. A certificate is valid for a day around now unless made {@link #expired}.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate with its key, and where both were written. */
  public record Issued(X509Certificate certificate, PrivateKey key, Path certificatePem, Path keyPem) {
    /** A PKCS#12 key store with this certificate and key under the alias {@code key}, password {@code secret}. */
    public KeyStore keyStore(X509Certificate... chain) {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        X509Certificate[] full = new X509Certificate[chain.length + 1];
        full[0] = certificate;
        System.arraycopy(chain, 0, full, 1, chain.length);
        store.setKeyEntry("key", key, "secret".toCharArray(), full);
        return store;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A key store that trusts this certificate. */
    public KeyStore trustStore() {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("trusted", certificate);
        return store;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Path dir;
  private final Issued ca;

  /** A new CA named {@code name}, its files in {@code dir}. */
  public TestCertificates(Path dir, String name) {
    this.dir = dir;
    KeyPair pair = newKeyPair();
    Instant now = Instant.now();
    this.ca = write(name, sign(new X500Principal("CN=" + name), pair, new X500Principal("CN=" + name), pair.getPrivate(),
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), true, null), pair.getPrivate());
  }

  /** The CA's certificate (and key). */
  public Issued ca() {
    return ca;
  }

  /** A certificate for {@code 127.0.0.1} and {@code localhost} (server or client), valid now. */
  public Issued issue(String name) {
    Instant now = Instant.now();
    return issue(name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), "localhost", "127.0.0.1");
  }

  /** As {@link #issue}, naming only {@code dnsName} (a hostname mismatch for 127.0.0.1). */
  public Issued issueFor(String name, String dnsName) {
    Instant now = Instant.now();
    return issue(name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), dnsName, null);
  }

  /** As {@link #issue}, but valid only in the past. */
  public Issued expired(String name) {
    Instant now = Instant.now();
    return issue(name, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)), "localhost", "127.0.0.1");
  }

  private Issued issue(String name, Instant from, Instant to, String dnsName, String ip) {
    KeyPair pair = newKeyPair();
    GeneralNames names = ip == null
        ? new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName))
        : new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, dnsName), new GeneralName(GeneralName.iPAddress, ip)});
    X509Certificate certificate = sign(new X500Principal("CN=" + name), pair, ca.certificate().getSubjectX500Principal(),
        ca.key(), from, to, false, names);
    return write(name, certificate, pair.getPrivate());
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X500Principal subject, KeyPair pair, X500Principal issuer, PrivateKey issuerKey,
      Instant from, Instant to, boolean isCa, GeneralNames names) {
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectAlternativeName, false, names);
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Issued write(String name, X509Certificate certificate, PrivateKey key) {
    try {
      Path certificatePem = dir.resolve(name + ".pem");
      Path keyPem = dir.resolve(name + ".key");
      Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
      return new Issued(certificate, key, certificatePem, keyPem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
