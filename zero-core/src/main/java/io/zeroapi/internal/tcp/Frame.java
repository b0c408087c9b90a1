package io.zeroapi.internal.tcp;

/**
 * One decoded frame of the raw TCP transport: {@code u32 BE length | u32 BE request id | u8 error
 * flag | payload}, where length counts the id, the flag and the payload (not itself).
 *
 * @param requestId the request id (any u32, kept as its int bits)
 * @param flag the error flag byte as received (0..255)
 * @param payload the MessagePack payload, owned by the receiver
 */
record Frame(int requestId, int flag, byte[] payload) {

  /** Bytes of the length field. */
  static final int LENGTH_FIELD = 4;

  /** Bytes counted by the length field besides the payload: request id and flag. */
  static final int ID_AND_FLAG = 5;

  @Override
  public String toString() {
    return "Frame[id=" + Integer.toUnsignedString(requestId) + ", flag=" + flag + ", payload="
        + payload.length + " bytes]";
  }
}
