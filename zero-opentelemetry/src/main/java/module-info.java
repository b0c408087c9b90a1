/**
 * OpenTelemetry tracing for Zero for Java: {@link io.zeroapi.opentelemetry.ZeroTracing}. Optional:
 * the runtime jar ({@code io.zeroapi}) depends on nothing here; this module needs the OpenTelemetry
 * API only (the application brings the SDK, or the agent).
 */
module io.zeroapi.opentelemetry {
  requires transitive io.zeroapi;
  // Automatic modules (Automatic-Module-Name in their manifests): stable names.
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;

  exports io.zeroapi.opentelemetry;
}
