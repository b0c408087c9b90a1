package io.zeroapi.benchmarks.harness;

/**
 * One measured run of one system at one configuration in one round. Latencies in µs; CPU in µs of
 * CPU time per call; allocation in bytes per call on the server, and the server's thread context
 * switches per call (null when not measurable).
 */
record RunResult(
    int round,
    SystemId system,
    Plan.Config config,
    String loop,
    double targetRate,
    double throughput,
    double p50Us,
    double p99Us,
    double p999Us,
    double maxUs,
    long calls,
    long errors,
    Double allocBytesPerCall,
    Double allocThreadsBytesPerCall,
    Double serverCpuUsPerCall,
    Double clientCpuUsPerCall,
    Double serverSwitchesPerCall,
    long gcCount,
    double foreignPct,
    double idleBefore,
    String failure) {

  static final double FOREIGN_LIMIT_PCT = 10.0;

  boolean ok() {
    return failure == null && calls > 0;
  }

  /** The box was busy with foreign work during the window. */
  boolean busy() {
    return foreignPct > FOREIGN_LIMIT_PCT;
  }

  static RunResult failed(int round, SystemId system, Plan.Config config, String loop, String why) {
    return new RunResult(round, system, config, loop, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0,
        null, null, null, null, null, 0, 0, 0, why);
  }
}
