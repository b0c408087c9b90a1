package io.zeroapi.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code zero --version}: the Implementation-Version of the jar manifest, and the Java runtime. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "zero " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"
    };
  }

  /** The project version, or a note when not running from the built jar. */
  public static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "(development build: no jar manifest)" : version;
  }
}
