package io.zeroapi;

import com.neilalexander.jnacl.crypto.curve25519;
import java.util.Objects;
import org.zeromq.ZMQ;

/**
 * A CURVE key pair (Curve25519) for encrypting the {@link Protocol#ZMQ} transport, both keys as
 * 40-character Z85 text. The server keeps the pair ({@link ZeroServer.Builder#curve}); clients get
 * only the public key ({@link ZeroClient.Builder#curve}) and make their own ephemeral pair.
 *
 * <p>Encryption only: any client that knows the server's public key is accepted. Python Zero does
 * not offer CURVE, so Python clients cannot talk to a CURVE server.
 */
public final class CurveKeys {
  private final String publicKey;
  private final String secretKey;

  private CurveKeys(String publicKey, String secretKey) {
    this.publicKey = publicKey;
    this.secretKey = secretKey;
  }

  /**
   * A new random key pair.
   *
   * @return a fresh pair; save both keys to keep the server's identity across restarts
   */
  public static CurveKeys generate() {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    return new CurveKeys(pair.publicKey, pair.secretKey);
  }

  /**
   * A saved key pair.
   *
   * @param publicKey the public key, 40 characters of Z85
   * @param secretKey the secret key of the same pair, 40 characters of Z85
   * @return the pair
   * @throws IllegalArgumentException if a key is not 40 characters of Z85, or if {@code publicKey}
   *     is not the public key of {@code secretKey} (a server with such a pair would start, and no
   *     client could ever complete its handshake)
   */
  public static CurveKeys of(String publicKey, String secretKey) {
    checkKey(publicKey, "publicKey");
    checkKey(secretKey, "secretKey");
    String derived = publicKeyOf(secretKey);
    if (!derived.equals(publicKey)) {
      throw new IllegalArgumentException("the public key " + publicKey + " is not the one of the secret key given "
          + "(its public key is " + derived + "): the two keys come from different pairs");
    }
    return new CurveKeys(publicKey, secretKey);
  }

  /**
   * The public key of a secret key: the Curve25519 scalar multiplication of the base point by the
   * secret key, as CURVE (and {@link #generate()}) makes it.
   *
   * @param secretKey a secret key, 40 characters of Z85
   * @return its public key, 40 characters of Z85
   * @throws IllegalArgumentException if {@code secretKey} is not 40 characters of Z85
   */
  public static String publicKeyOf(String secretKey) {
    byte[] secret = ZMQ.Curve.z85Decode(checkKey(secretKey, "secretKey"));
    byte[] derived = new byte[32];
    curve25519.crypto_scalarmult_base(derived, secret);
    return ZMQ.Curve.z85Encode(derived);
  }

  /**
   * The public key (Z85): give it to clients.
   *
   * @return the public key, 40 characters of Z85
   */
  public String publicKey() {
    return publicKey;
  }

  /**
   * The secret key (Z85): keep it on the server.
   *
   * @return the secret key, 40 characters of Z85
   */
  public String secretKey() {
    return secretKey;
  }

  /** Checks that {@code key} is a 32-byte key in Z85 text and returns it. */
  static String checkKey(String key, String what) {
    Objects.requireNonNull(key, what);
    if (key.length() != 40) {
      throw new IllegalArgumentException(what + " must be 40 characters of Z85 text, got " + key.length());
    }
    byte[] decoded;
    try {
      decoded = ZMQ.Curve.z85Decode(key);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + " is not valid Z85 text", e);
    }
    if (decoded == null || decoded.length != 32) {
      throw new IllegalArgumentException(what + " is not valid Z85 text");
    }
    return key;
  }

  @Override
  public String toString() {
    return "CurveKeys[publicKey=" + publicKey + ", secretKey=<hidden>]";
  }
}
