package io.zeroapi.internal;

import java.time.Duration;

/**
 * The names and values of a server's health, in one place for the server, the {@code zero health}
 * command, the Kubernetes manifests' checks and any client that probes a replica.
 *
 * <p>{@value #FUNCTION_NAME} is a reserved function every Zero for Java server answers with the map
 * {@code {"status": "SERVING"}} or {@code {"status": "NOT_SERVING"}} (the latter from the moment the
 * server starts to drain). An argument is accepted and ignored: the status is the server's, for all
 * its functions. A dotted name cannot be a Python function's, so it clashes with nothing a Python
 * server serves; a Python server answers it with "function not found".
 */
public final class Health {
  /** The reserved function that answers with the server's status. */
  public static final String FUNCTION_NAME = "zero.health";
  /** The key of the status in the answer. */
  public static final String STATUS_KEY = "status";
  /** The status of a server that takes calls. */
  public static final String SERVING = "SERVING";
  /** The status of a server that drains or stops: clients should send their calls elsewhere. */
  public static final String NOT_SERVING = "NOT_SERVING";

  /** The HTTP probe's liveness path: 200 while the process runs. */
  public static final String LIVENESS_PATH = "/livez";
  /** The HTTP probe's readiness path: 200 while serving, 503 otherwise. */
  public static final String READINESS_PATH = "/readyz";

  /**
   * The drain delay of a server with a health port and no explicit delay: long enough for a
   * Kubernetes readiness probe (period 1-2 s, failure threshold 1-2) to see the server not ready
   * and for the endpoints to be updated before the server stops taking calls.
   */
  public static final Duration DEFAULT_DRAIN_DELAY_WITH_HEALTH_PORT = Duration.ofSeconds(5);

  private Health() {}
}
