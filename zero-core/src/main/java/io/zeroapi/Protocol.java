package io.zeroapi;

/** The transport a server listens on and a client speaks. Both ends must use the same one. */
public enum Protocol {
  /** ZeroMQ ROUTER/DEALER, the original's default transport. */
  ZMQ,

  /**
   * Zero's raw TCP framing (u32 length, u32 request id, u8 error flag, MessagePack) on Netty,
   * multiplexed: many calls in flight on one connection.
   */
  TCP;

  /**
   * Parses {@code zmq} (or {@code zeromq}) and {@code tcp}, any case, as used on the command line.
   *
   * @param text the protocol's name; blanks around it are ignored
   * @return the protocol named
   * @throws IllegalArgumentException if {@code text} names no protocol; the message lists them
   */
  public static Protocol parse(String text) {
    if (text.trim().equalsIgnoreCase("zeromq")) {
      return ZMQ;
    }
    for (Protocol protocol : values()) {
      if (protocol.name().equalsIgnoreCase(text.trim())) {
        return protocol;
      }
    }
    throw new IllegalArgumentException(
        "unknown protocol '" + text + "'; expected one of " + java.util.Arrays.toString(values()));
  }
}
