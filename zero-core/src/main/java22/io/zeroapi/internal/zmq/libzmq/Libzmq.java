package io.zeroapi.internal.zmq.libzmq;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Hand-written bindings to the few libzmq (and libc) functions the engine needs, through the
 * Foreign Function &amp; Memory API: no JNI and no C of our own.
 *
 * <p>The library is looked up once, when this class initialises ({@code libzmq.so.5}, then {@code
 * libzmq.so}); if that fails, every handle is null and {@link #UNAVAILABLE} says why in words a
 * user can act on. The handles are {@code static final}, so the JIT binds the calls as constants.
 * Functions that can fail capture {@code errno} right after the call ({@link
 * Linker.Option#captureCallState}) into a segment the caller passes first, so nothing the JVM does
 * in between can change it.
 */
@SuppressWarnings("restricted") // what binding a C library takes: load() refuses cleanly if it is denied
final class Libzmq {
  // Socket types, options, flags and error numbers of zmq.h (4.3).
  static final int ZMQ_PAIR = 0;
  static final int ZMQ_REP = 4;
  static final int ZMQ_DEALER = 5;
  static final int ZMQ_ROUTER = 6;
  static final int ZMQ_IO_THREADS = 1;
  static final int ZMQ_BLOCKY = 70;
  static final int ZMQ_RCVMORE = 13;
  static final int ZMQ_FD = 14;
  static final int ZMQ_EVENTS = 15;
  static final int ZMQ_LINGER = 17;
  static final int ZMQ_BACKLOG = 19;
  static final int ZMQ_RECONNECT_IVL = 18;
  static final int ZMQ_RECONNECT_IVL_MAX = 21;
  static final int ZMQ_MAXMSGSIZE = 22;
  static final int ZMQ_SNDHWM = 23;
  static final int ZMQ_RCVHWM = 24;
  static final int ZMQ_LAST_ENDPOINT = 32;
  static final int ZMQ_IPV6 = 42;
  static final int ZMQ_CURVE_SERVER = 47;
  static final int ZMQ_CURVE_PUBLICKEY = 48;
  static final int ZMQ_CURVE_SECRETKEY = 49;
  static final int ZMQ_CURVE_SERVERKEY = 50;
  static final int ZMQ_HANDSHAKE_IVL = 66;
  static final int ZMQ_DONTWAIT = 1;
  static final int ZMQ_SNDMORE = 2;
  static final short ZMQ_POLLIN = 1;
  static final short ZMQ_POLLOUT = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int ZMQ_HAUSNUMERO = 156384712;
  static final int ETERM = ZMQ_HAUSNUMERO + 53;
  static final int ENOTSOCK = 88;
  static final int O_NONBLOCK = 0x800;
  static final int O_CLOEXEC = 0x80000;

  /** {@code zmq_msg_t}: 64 opaque bytes, pointer-aligned. */
  static final MemoryLayout MSG = MemoryLayout.sequenceLayout(64, JAVA_BYTE).withByteAlignment(8);

  /** {@code zmq_pollitem_t}: {@code void *socket; int fd; short events; short revents;}. */
  static final StructLayout POLLITEM = MemoryLayout.structLayout(
      ADDRESS.withName("socket"),
      JAVA_INT.withName("fd"),
      ValueLayout.JAVA_SHORT.withName("events"),
      ValueLayout.JAVA_SHORT.withName("revents"));

  /** Where a call captures errno: {@link #errno(MemorySegment)} reads it. */
  static final StructLayout CAPTURE = Linker.Option.captureStateLayout();

  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  /** Why libzmq cannot be used, or null if it can. */
  static final String UNAVAILABLE;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBZMQ;

  static {
    String unavailable = null;
    SymbolLookup lookup = null;
    try {
      lookup = open();
      if (lookup == null) {
        unavailable = "libzmq not found (install the Debian package libzmq5)";
      } else if (!JAVA_LONG.equals(LINKER.canonicalLayouts().get("size_t"))
          || !JAVA_LONG.equals(LINKER.canonicalLayouts().get("long"))) {
        unavailable = "the libzmq engine supports 64-bit Linux and macOS only";
        lookup = null;
      }
    } catch (IllegalCallerException e) {
      unavailable = nativeAccessRefused(e);
    }
    LIBZMQ = lookup;
    String failed = unavailable;
    if (failed == null) {
      try {
        bindAll();
      } catch (IllegalCallerException e) {
        failed = nativeAccessRefused(e);
      } catch (RuntimeException e) {
        failed = "libzmq is too old or incomplete: " + e.getMessage();
      }
    }
    UNAVAILABLE = failed;
  }

  /**
   * A pointer to bytes of any length (C strings, message data), read without a restricted call
   * each time. (Making it is restricted: only once native access proved allowed.)
   */
  private static final ValueLayout BYTES = UNAVAILABLE != null ? ADDRESS
      : ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, JAVA_BYTE));

  private static final Linker.Option ERRNO_CAPTURE = Linker.Option.captureCallState("errno");
  private static final Linker.Option CRITICAL = Linker.Option.critical(false);
  private static final Linker.Option CRITICAL_HEAP = Linker.Option.critical(true);

  static final MethodHandle ZMQ_VERSION = zmq("zmq_version",
      FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
  static final MethodHandle ZMQ_HAS = zmq("zmq_has", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle ZMQ_CTX_NEW = zmq("zmq_ctx_new", FunctionDescriptor.of(ADDRESS), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_CTX_SET = zmq("zmq_ctx_set",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_CTX_TERM = zmq("zmq_ctx_term",
      FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_SOCKET = zmq("zmq_socket",
      FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_CLOSE = zmq("zmq_close", FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_SETSOCKOPT = zmq("zmq_setsockopt",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_GETSOCKOPT = zmq("zmq_getsockopt",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_BIND = zmq("zmq_bind",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_CONNECT = zmq("zmq_connect",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_SOCKET_MONITOR = zmq("zmq_socket_monitor",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), ERRNO_CAPTURE);
  /** zmq_socket_monitor events (stable since libzmq 4.3). */
  static final int ZMQ_EVENT_CONNECTED = 0x0001;
  static final int ZMQ_EVENT_DISCONNECTED = 0x0200;
  static final int ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL = 0x0800;
  static final int ZMQ_EVENT_HANDSHAKE_SUCCEEDED = 0x1000;
  static final int ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL = 0x2000;
  static final int ZMQ_EVENT_HANDSHAKE_FAILED_AUTH = 0x4000;
  static final MethodHandle ZMQ_DISCONNECT = zmq("zmq_disconnect",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ERRNO_CAPTURE);
  /**
   * {@code zmq_send}, always with {@code ZMQ_DONTWAIT}: it never blocks, so it may run as a
   * critical call that reads the Java byte[] in place (no copy to native memory first; libzmq
   * copies the bytes into its message itself).
   */
  static final MethodHandle ZMQ_SEND = zmq("zmq_send",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO_CAPTURE, CRITICAL_HEAP);
  static final MethodHandle ZMQ_MSG_INIT = zmq("zmq_msg_init", FunctionDescriptor.of(JAVA_INT, ADDRESS), CRITICAL);
  static final MethodHandle ZMQ_MSG_RECV = zmq("zmq_msg_recv",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_MSG_DATA = zmq("zmq_msg_data", FunctionDescriptor.of(BYTES, ADDRESS), CRITICAL);
  static final MethodHandle ZMQ_MSG_SIZE = zmq("zmq_msg_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS), CRITICAL);
  static final MethodHandle ZMQ_MSG_MORE = zmq("zmq_msg_more", FunctionDescriptor.of(JAVA_INT, ADDRESS), CRITICAL);
  static final MethodHandle ZMQ_MSG_CLOSE = zmq("zmq_msg_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle ZMQ_POLL = zmq("zmq_poll",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_STRERROR = zmq("zmq_strerror", FunctionDescriptor.of(BYTES, JAVA_INT));
  static final MethodHandle ZMQ_CURVE_PUBLIC = zmq("zmq_curve_public",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ERRNO_CAPTURE);
  static final MethodHandle ZMQ_Z85_ENCODE = zmq("zmq_z85_encode",
      FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
  static final MethodHandle ZMQ_Z85_DECODE = zmq("zmq_z85_decode",
      FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));

  static final MethodHandle PIPE2 = libc("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO_CAPTURE);
  /** {@code read}, on the waiter's non-blocking pipe only (its errors end the drain: not captured). */
  static final MethodHandle READ = libc("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  /** {@code write}, on the waiter's non-blocking pipe only (full means a wakeup is pending already). */
  static final MethodHandle WRITE = libc("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

  private Libzmq() {}

  /** Opens libzmq by its soname, then by its development name; null if neither exists. */
  private static SymbolLookup open() {
    for (String name : List.of("libzmq.so.5", "libzmq.so", "libzmq.5.dylib", "libzmq.dylib")) {
      try {
        return SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException notThere) {
        // try the next name
      }
    }
    return null;
  }

  private static String nativeAccessRefused(IllegalCallerException e) {
    Module module = Libzmq.class.getModule();
    return module.isNamed()
        ? "native access is refused to module " + module.getName() + ": run java with --enable-native-access="
            + module.getName()
        : "native access is refused to the class path: run java with --enable-native-access=ALL-UNNAMED";
  }

  /** Checked in the static initialiser: a missing symbol makes the library unavailable. */
  private static void bindAll() {
    for (String name : List.of("zmq_version", "zmq_ctx_new", "zmq_ctx_set", "zmq_ctx_term", "zmq_socket",
        "zmq_close", "zmq_setsockopt", "zmq_getsockopt", "zmq_bind", "zmq_connect", "zmq_disconnect",
        "zmq_send", "zmq_msg_init", "zmq_msg_recv", "zmq_msg_data", "zmq_msg_size", "zmq_msg_more",
        "zmq_msg_close", "zmq_poll", "zmq_strerror", "zmq_has", "zmq_curve_public", "zmq_z85_encode",
        "zmq_z85_decode")) {
      if (LIBZMQ.find(name).isEmpty()) {
        throw new IllegalStateException("no symbol " + name);
      }
    }
    for (String name : List.of("pipe2", "read", "write", "close")) {
      if (LINKER.defaultLookup().find(name).isEmpty()) {
        throw new IllegalStateException("no C library function " + name);
      }
    }
  }

  private static MethodHandle zmq(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    if (UNAVAILABLE != null) {
      return null;
    }
    return LINKER.downcallHandle(LIBZMQ.find(name).orElseThrow(), descriptor, options);
  }

  private static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    if (UNAVAILABLE != null) {
      return null;
    }
    return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
  }

  /** The errno a call captured into {@code capture}. */
  static int errno(MemorySegment capture) {
    return (int) ERRNO.get(capture, 0L);
  }

  /** What errno {@code code} means, in words ({@code Address already in use}). */
  static String strerror(int code) {
    try {
      MemorySegment text = (MemorySegment) ZMQ_STRERROR.invokeExact(code);
      return text.equals(MemorySegment.NULL) ? "error " + code : text.getString(0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** libzmq's version as {major, minor, patch}. */
  static int[] version() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment major = arena.allocate(JAVA_INT);
      MemorySegment minor = arena.allocate(JAVA_INT);
      MemorySegment patch = arena.allocate(JAVA_INT);
      ZMQ_VERSION.invokeExact(major, minor, patch);
      return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0), patch.get(JAVA_INT, 0)};
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Whether libzmq was built with {@code capability} ({@code curve}). */
  static boolean has(String capability) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) ZMQ_HAS.invokeExact(arena.allocateFrom(capability)) != 0;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * The CURVE public key of {@code secretKey} ({@code zmq_curve_public}): how a server checks, at
   * start, that the key pair it was given belongs together.
   *
   * @param secretKey 32 bytes
   * @return the public key, 32 bytes
   */
  static byte[] curvePublic(byte[] secretKey) {
    if (secretKey.length != 32) {
      throw new IllegalArgumentException("a CURVE key has 32 bytes, not " + secretKey.length);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment secret = arena.allocate(32);
      MemorySegment.copy(secretKey, 0, secret, JAVA_BYTE, 0, 32);
      MemorySegment secretText = arena.allocate(41);
      MemorySegment publicText = arena.allocate(41);
      MemorySegment capture = arena.allocate(CAPTURE);
      if (((MemorySegment) ZMQ_Z85_ENCODE.invokeExact(secretText, secret, 32L)).equals(MemorySegment.NULL)) {
        throw new IllegalStateException("zmq_z85_encode failed");
      }
      if ((int) ZMQ_CURVE_PUBLIC.invokeExact(capture, publicText, secretText) != 0) {
        throw LibzmqException.of("Cannot derive the CURVE public key", errno(capture));
      }
      MemorySegment publicKey = arena.allocate(32);
      if (((MemorySegment) ZMQ_Z85_DECODE.invokeExact(publicKey, publicText)).equals(MemorySegment.NULL)) {
        throw new IllegalStateException("zmq_z85_decode failed");
      }
      return publicKey.toArray(JAVA_BYTE);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** A downcall's throwable as an unchecked one (downcalls themselves throw nothing checked). */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
