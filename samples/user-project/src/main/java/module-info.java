/**
 * A user's application on the module path. Zero reads and builds the records of {@code
 * com.example.greeter.api} by reflection, so that package is exported to {@code io.zeroapi}: for
 * public records (and public classes with public fields) that is enough. Non-public types, and
 * classes with private fields, need {@code opens com.example.greeter.api to io.zeroapi} instead.
 */
module com.example.greeter {
  requires io.zeroapi;

  exports com.example.greeter.api to io.zeroapi;
}
