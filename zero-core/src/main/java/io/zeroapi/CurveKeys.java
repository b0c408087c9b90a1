package io.zeroapi;

import com.neilalexander.jnacl.crypto.curve25519;
import java.util.Objects;
import org.zeromq.ZMQ;

/**
 * A CURVE key pair (Curve25519) for encrypting the {@link Protocol#ZMQ} transport, both keys as
 * 40-character Z85 text. The server keeps the pair ({@link ZeroServer.Builder#curve}); clients get
 * only the public key ({@link ZeroClient.Builder#curve}) and make their own ephemeral pair, or use
 * a pair of their own ({@link ZeroClient.Builder#curve(String, CurveKeys)}).
 *
 * <p>By default any client that knows the server's public key is accepted (encryption only); a
 * server given an allow-list of client public keys ({@link ZeroServer.Builder#curve(CurveKeys,
 * java.util.Collection)}) lets in only those clients. Python Zero does not offer CURVE, so Python
 * clients cannot talk to a CURVE server.
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
    // The decoder maps any character to some value: only text that encodes back to itself is Z85.
    if (decoded == null || decoded.length != 32 || !key.equals(ZMQ.Curve.z85Encode(decoded))) {
      throw new IllegalArgumentException(what + " is not valid Z85 text");
    }
    return key;
  }

  /**
   * Checks an allow-list of client public keys ({@link ZeroServer.Builder#curve(CurveKeys,
   * java.util.Collection)}) and returns it as a set.
   *
   * @throws IllegalArgumentException if it is empty or a key is not 40 characters of Z85, saying
   *     which key
   */
  static java.util.Set<String> checkAllowList(java.util.Collection<String> keys) {
    Objects.requireNonNull(keys, "allowedClientPublicKeys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("allowedClientPublicKeys is empty: no client could connect (give at least "
          + "one client public key, or use curve(serverKeys) to let in any client that knows the server's key)");
    }
    java.util.Set<String> allowed = new java.util.LinkedHashSet<>();
    int index = 0;
    for (String key : keys) {
      index++;
      String what = "allowed client public key " + index + " of " + keys.size()
          + (key == null ? "" : " (\"" + abbreviate(key) + "\")");
      try {
        allowed.add(checkKey(key, what));
      } catch (NullPointerException e) {
        throw new IllegalArgumentException(what + " is null", e);
      }
    }
    return java.util.Set.copyOf(allowed);
  }

  /** A key as given, cut to 50 characters for a message. */
  private static String abbreviate(String key) {
    return key.length() <= 50 ? key : key.substring(0, 47) + "...";
  }

  @Override
  public String toString() {
    return "CurveKeys[publicKey=" + publicKey + ", secretKey=<hidden>]";
  }
}
