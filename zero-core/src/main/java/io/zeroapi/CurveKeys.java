package io.zeroapi;

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
   * @return the pair; the keys are not checked against each other
   * @throws IllegalArgumentException if a key is not 40 characters of Z85
   */
  public static CurveKeys of(String publicKey, String secretKey) {
    return new CurveKeys(checkKey(publicKey, "publicKey"), checkKey(secretKey, "secretKey"));
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
