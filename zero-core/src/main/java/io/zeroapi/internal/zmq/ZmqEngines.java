package io.zeroapi.internal.zmq;

import io.zeroapi.ZeroException;
import io.zeroapi.ZeroMqEngine;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link ZmqEngine} of a transport: the one asked for in its settings, else the one the
 * system property {@value #PROPERTY} names, else the environment variable {@value #ENVIRONMENT},
 * else libzmq when it loads and JeroMQ otherwise.
 * libzmq is tried once per process; each engine chosen is logged once.
 *
 * <p>The libzmq engine is compiled for JDK 22 (the FFM API) into the jar's {@code
 * META-INF/versions/22}, so it is loaded by name: on JDK 21 it is not there at all.
 */
public final class ZmqEngines {
  private static final Logger log = LoggerFactory.getLogger(ZmqEngines.class);

  /** The environment variable that decides for {@link ZeroMqEngine#AUTO}. */
  public static final String ENVIRONMENT = "ZERO_ZMQ_ENGINE";

  /** The system property that decides for {@link ZeroMqEngine#AUTO}, before the environment variable. */
  public static final String PROPERTY = "zero.zmq.engine";

  private static final String LIBZMQ_CLASS = "io.zeroapi.internal.zmq.libzmq.LibzmqEngine";
  private static final Set<String> logged = ConcurrentHashMap.newKeySet();

  /** libzmq, or why not; loaded at most once. */
  private record Libzmq(ZmqEngine engine, String unavailable) {
    static final Libzmq LOADED = load();
  }

  private ZmqEngines() {}

  /**
   * The engine for {@code requested}, with {@value #PROPERTY} and {@value #ENVIRONMENT} as this
   * process has them.
   *
   * @throws ZeroException if libzmq is asked for and cannot be used (the message says why)
   */
  public static ZmqEngine resolve(ZeroMqEngine requested) {
    String property = System.getProperty(PROPERTY);
    return property != null && !property.isBlank()
        ? resolve(requested, "-D" + PROPERTY, property)
        : resolve(requested, ENVIRONMENT, System.getenv(ENVIRONMENT));
  }

  /** The engine for {@code requested}, with {@code setting} (named {@code source}) or null. */
  static ZmqEngine resolve(ZeroMqEngine requested, String settingName, String setting) {
    ZeroMqEngine choice = requested;
    String source = "the builder's zmqEngine";
    if (choice == ZeroMqEngine.AUTO && setting != null && !setting.isBlank()) {
      source = settingName + "=" + setting;
      choice = switch (setting.strip().toLowerCase(Locale.ROOT)) {
        case "libzmq" -> ZeroMqEngine.LIBZMQ;
        case "jeromq" -> ZeroMqEngine.JEROMQ;
        case "auto" -> ZeroMqEngine.AUTO;
        default -> throw new ZeroException(
            "Unknown ZeroMQ engine in " + source + ": use libzmq, jeromq or auto");
      };
    }
    return switch (choice) {
      case JEROMQ -> chosen(JeromqEngine.INSTANCE, "asked for by " + source);
      case LIBZMQ -> {
        Libzmq libzmq = Libzmq.LOADED;
        if (libzmq.engine() == null) {
          throw new ZeroException("The ZeroMQ engine libzmq was asked for (" + source + ") but cannot be used: "
              + libzmq.unavailable());
        }
        yield chosen(libzmq.engine(), "asked for by " + source);
      }
      case AUTO -> {
        Libzmq libzmq = Libzmq.LOADED;
        yield libzmq.engine() != null
            ? chosen(libzmq.engine(), "the fast engine")
            : chosen(JeromqEngine.INSTANCE, "libzmq cannot be used: " + libzmq.unavailable());
      }
    };
  }

  /** Why libzmq cannot be used here, or {@code null} if it can. */
  public static String libzmqUnavailable() {
    return Libzmq.LOADED.unavailable();
  }

  private static ZmqEngine chosen(ZmqEngine engine, String why) {
    if (logged.add(engine.name())) {
      log.info("ZeroMQ engine: {}: {}", engine.description(), why);
    }
    return engine;
  }

  private static Libzmq load() {
    if (Runtime.version().feature() < 22) {
      return new Libzmq(null, "it needs JDK 22 or newer (the FFM API), this is JDK " + Runtime.version().feature());
    }
    try {
      Class<?> type = Class.forName(LIBZMQ_CLASS, true, ZmqEngines.class.getClassLoader());
      return new Libzmq((ZmqEngine) type.getMethod("load").invoke(null), null);
    } catch (ClassNotFoundException e) {
      return new Libzmq(null, "this build of Zero for Java has no libzmq engine (it is compiled by a JDK 22 or newer only)");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      return new Libzmq(null, cause.getMessage() != null ? cause.getMessage() : cause.toString());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return new Libzmq(null, e.toString());
    }
  }
}
