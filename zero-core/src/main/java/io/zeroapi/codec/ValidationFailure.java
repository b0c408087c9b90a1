package io.zeroapi.codec;

import io.zeroapi.ValidationException;

/**
 * A value that does not fit its target type, raised deep inside an adapter. Containers prepend
 * their path segment while it propagates, so the happy path pays nothing for path tracking; the
 * codec turns it into a {@link ValidationException} with msgspec's wording at the top.
 */
final class ValidationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String detail;
  private String path = "";
  /** For a type mismatch: the expected and the received wire type names; null otherwise. */
  private String expected;
  private String got;
  /** The failure is in a map key: msgspec says {@code - at `key` in `$path`}. */
  private boolean inKey;

  public ValidationFailure(String detail) {
    super(detail, null, false, false);
    this.detail = detail;
  }

  public ValidationFailure(String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.detail = detail;
  }

  /** {@code Expected `expected`, got `got`}, remembering both names for {@link #orNull()}. */
  static ValidationFailure mismatch(String expected, String got) {
    ValidationFailure f = new ValidationFailure("Expected `" + expected + "`, got `" + got + "`");
    f.expected = expected;
    f.got = got;
    return f;
  }

  /**
   * The failure as an {@code Optional} of the type reports it: a mismatch at the value itself names
   * the union, as msgspec does ({@code Expected `int | null`, got `str`}); anything else is unchanged.
   */
  ValidationFailure orNull() {
    if (expected == null || !path.isEmpty() || inKey || expected.endsWith(" | null")) {
      return this;
    }
    return mismatch(expected + " | null", got);
  }

  /** Marks the failure as one of a map key (msgspec's {@code - at `key` in `$`}). */
  ValidationFailure inKey() {
    inKey = true;
    return this;
  }

  /** Prepends a path segment ({@code .field}, {@code [3]}, {@code [key]}). */
  public ValidationFailure at(String segment) {
    if (path.length() < MAX_PATH) {
      path = segment + path;
    } else if (!path.startsWith("...")) {
      path = "..." + path; // deep paths (cycles, hostile nesting) keep their innermost part
    }
    return this;
  }

  private static final int MAX_PATH = 200;

  /** The path below the root, e.g. {@code .items[2]}; empty at the root. */
  public String path() {
    return path;
  }

  /**
   * {@code detail - at `$path`}, or just {@code detail} at the root; for a map key {@code detail - at
   * `key` in `$path`}.
   */
  public String fullMessage() {
    if (inKey) {
      return detail + " - at `key` in `$" + path + "`";
    }
    return path.isEmpty() ? detail : detail + " - at `$" + path + "`";
  }

  public ValidationException toException() {
    return new ValidationException(fullMessage(), getCause());
  }
}
