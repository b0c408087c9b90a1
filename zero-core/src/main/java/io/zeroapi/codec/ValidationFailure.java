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

  public ValidationFailure(String detail) {
    super(detail, null, false, false);
    this.detail = detail;
  }

  public ValidationFailure(String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.detail = detail;
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

  /** {@code detail - at `$path`}, or just {@code detail} at the root. */
  public String fullMessage() {
    return path.isEmpty() ? detail : detail + " - at `$" + path + "`";
  }

  public ValidationException toException() {
    return new ValidationException(fullMessage(), getCause());
  }
}
