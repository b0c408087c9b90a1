/**
 * Micrometer meters for Zero for Java: {@link io.zeroapi.micrometer.ZeroMetrics}. Optional: the
 * runtime jar ({@code io.zeroapi}) depends on nothing here.
 */
module io.zeroapi.micrometer {
  requires transitive io.zeroapi;
  // An automatic module (Automatic-Module-Name in its manifest): a stable name.
  requires transitive micrometer.core;

  exports io.zeroapi.micrometer;
}
