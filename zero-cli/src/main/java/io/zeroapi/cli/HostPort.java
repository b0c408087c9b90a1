package io.zeroapi.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A server address as given on the command line: {@code HOST:PORT}, {@code [IPv6]:PORT}.
 *
 * @param host a host name or address, without brackets
 * @param port 1..65535 (0 for an address to listen on: a free port)
 */
public record HostPort(String host, int port) {

  /**
   * Parses {@code HOST:PORT}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static HostPort parse(String text) {
    return parse(text, 1);
  }

  /**
   * Parses {@code HOST:PORT} for an address to listen on: port 0 (pick a free one) is allowed.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static HostPort parseListen(String text) {
    return parse(text, 0);
  }

  private static HostPort parse(String text, int minPort) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expected HOST:PORT, e.g. 127.0.0.1:5559, got an empty address");
    }
    String trimmed = text.trim();
    String host;
    String port;
    if (trimmed.startsWith("[")) {
      int close = trimmed.indexOf(']');
      if (close < 0 || close + 1 >= trimmed.length() || trimmed.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("expected [IPv6-ADDRESS]:PORT, e.g. [::1]:5559, got '" + text + "'");
      }
      host = trimmed.substring(1, close);
      port = trimmed.substring(close + 2);
    } else {
      int colon = trimmed.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("expected HOST:PORT, e.g. 127.0.0.1:5559, got '" + text + "' (no port)");
      }
      host = trimmed.substring(0, colon);
      port = trimmed.substring(colon + 1);
      if (host.contains(":")) {
        throw new IllegalArgumentException("put an IPv6 address in brackets, e.g. [::1]:5559, got '" + text + "'");
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "' (no host)");
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the port must be a number within " + minPort + "..65535, got '" + port + "'");
    }
    if (number < minPort || number > 65_535) {
      throw new IllegalArgumentException("the port must be within " + minPort + "..65535, got " + number);
    }
    return new HostPort(host, number);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The picocli converter. */
  public static final class Converter implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
