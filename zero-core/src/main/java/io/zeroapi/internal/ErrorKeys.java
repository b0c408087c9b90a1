package io.zeroapi.internal;

/** The wire keys of error replies, shared with the Python original, and the texts both sides know. */
public final class ErrorKeys {
  private ErrorKeys() {}

  public static final String PREFIX = "__zerror__";
  public static final String FUNCTION_NOT_FOUND = "__zerror__function_not_found";
  public static final String SERVER_EXCEPTION = "__zerror__server_exception";
  public static final String VALIDATION_ERROR = "__zerror__validation_error";
  public static final String FAILED_TO_GENERATE_CLIENT_CODE = "__zerror__failed_to_generate_client_code";

  /**
   * How a Java server's refusals begin: the function did not run, so a caller may retry. They
   * travel as {@link #SERVER_EXCEPTION} texts, as the original has no key for them; the Java
   * client recognises them by these beginnings.
   */
  public static final String BUSY = "Server is busy";
  public static final String SHUTTING_DOWN = "Server is shutting down";

  /**
   * How a Java server's answer to a call whose caller's deadline passed before it could run
   * begins (the function did not run); the Java client makes it a {@link
   * io.zeroapi.CallTimeoutException}.
   */
  public static final String DEADLINE_EXCEEDED = "Deadline exceeded";

  /** The original's text for an unknown function; long names are cut so replies and logs stay small. */
  public static String functionNotFound(String name) {
    return "Function `" + abbreviate(name, 256) + "` not found!";
  }

  /** Whether a {@link #SERVER_EXCEPTION} text says the server refused the call without running it. */
  public static boolean isRefusal(String message) {
    return message.startsWith(BUSY) || message.startsWith(SHUTTING_DOWN);
  }

  /** {@code text} cut to {@code max} characters with an ellipsis. */
  public static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
