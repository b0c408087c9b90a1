package io.zeroapi.internal.zmq.libzmq;

/**
 * A libzmq call failed: the message is what errno means in words ({@code Address already in use},
 * from {@code zmq_strerror}), never a bare number.
 */
final class LibzmqException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The errno of the failed call. */
  private final int errno;

  LibzmqException(String message, int errno) {
    super(message);
    this.errno = errno;
  }

  /** The failure {@code errno} stands for, described as {@code what} went wrong, or bare if null. */
  static LibzmqException of(String what, int errno) {
    String words = Libzmq.strerror(errno);
    return new LibzmqException(what == null ? words : what + ": " + words, errno);
  }

  /** The errno of the failed call. */
  int errno() {
    return errno;
  }
}
