package io.zeroapi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions written into the jar at build time ({@code zero.properties}, filtered by Maven). */
public final class BuildInfo {
  private static final Properties PROPERTIES = load();

  private BuildInfo() {}

  /** The library's version, or {@code unknown} when run from unfiltered sources. */
  public static String version() {
    return get("version");
  }

  /** The JeroMQ version the library was built against (JeroMQ's jar does not say it). */
  public static String jeromqVersion() {
    return get("jeromq");
  }

  private static String get(String key) {
    String value = PROPERTIES.getProperty(key);
    return value == null || value.startsWith("$") ? "unknown" : value;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("zero.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // versions stay unknown
    }
    return properties;
  }
}
