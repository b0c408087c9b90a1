package io.zeroapi.internal.tcp;

/** Short texts of I/O failures for messages and logs, shared by the TCP client and server. */
final class Failures {
  private Failures() {}

  /** The exception's message, or its simple class name when it has none. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * A short cause of a connect or bind failure: Netty's native transport says e.g. {@code
   * finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:5559}, which becomes
   * {@code Connection refused}.
   */
  static String describeConnectFailure(Throwable cause) {
    if (cause instanceof java.net.UnknownHostException) {
      return "unknown host " + cause.getMessage();
    }
    String text = describe(cause);
    text = text.replaceFirst("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ", "");
    text = text.replaceFirst(": [^ ]*/[0-9a-fA-F.:\\[\\]]+:\\d+$", "");
    return text;
  }
}
