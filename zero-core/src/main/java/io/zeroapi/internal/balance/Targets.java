package io.zeroapi.internal.balance;

import io.zeroapi.EndpointResolver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.StringJoiner;

/**
 * Client targets: {@code host:port}, a list {@code h1:p1,h2:p2}, {@code dns:///name:port}, or
 * {@code scheme:...} of an {@link EndpointResolver.Provider}. IPv6 addresses go in brackets.
 */
public final class Targets {
  private Targets() {}

  /** The endpoints of a fixed list target, or null when {@code target} has a scheme. */
  public static List<InetSocketAddress> fixedList(String target) {
    if (scheme(target) != null) {
      return null;
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : target.split(",", -1)) {
      InetSocketAddress address = hostPort(part.strip(), target);
      if (!out.contains(address)) {
        out.add(address);
      }
    }
    return out;
  }

  /**
   * A resolver of a target with a scheme.
   *
   * @param dnsIntervalMillis how often {@code dns:} targets are looked up again
   * @throws IllegalArgumentException for a malformed target or an unknown scheme
   */
  public static EndpointResolver resolver(String target, long dnsIntervalMillis) {
    String scheme = scheme(target);
    if (scheme == null) {
      return new StaticResolver(fixedList(target));
    }
    if (scheme.equals("dns")) {
      String rest = target.substring("dns:".length());
      if (rest.startsWith("///")) {
        rest = rest.substring(3);
      } else if (rest.startsWith("//")) {
        throw new IllegalArgumentException(
            "a DNS server in the target is not supported (use dns:///name:port): " + target);
      }
      InetSocketAddress address = hostPort(rest, target);
      return new DnsResolver(address.getHostString(), address.getPort(), dnsIntervalMillis);
    }
    URI uri;
    try {
      uri = URI.create(target);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed target " + target + ": " + e.getMessage(), e);
    }
    return provider(scheme, target).create(uri);
  }

  /**
   * Checks a target without resolving it or connecting anywhere: its form, and that its scheme has
   * a resolver.
   *
   * @throws IllegalArgumentException for a malformed target or an unknown scheme
   */
  public static void check(String target) {
    String scheme = scheme(target);
    if (scheme == null || scheme.equals("dns")) {
      resolver(target, 1).close(); // parses; neither starts nor looks anything up
    } else {
      provider(scheme, target);
    }
  }

  private static EndpointResolver.Provider provider(String scheme, String target) {
    List<String> known = new ArrayList<>(List.of("dns"));
    for (EndpointResolver.Provider provider : ServiceLoader.load(EndpointResolver.Provider.class)) {
      if (provider.scheme().equalsIgnoreCase(scheme)) {
        return provider;
      }
      known.add(provider.scheme());
    }
    throw new IllegalArgumentException("no resolver for the scheme '" + scheme + "' of " + target
        + " (known: " + String.join(", ", known) + "; k8s needs the zero-kubernetes module)");
  }

  /**
   * The host name of a {@code dns:///name:port} target (what a TLS client verifies the servers'
   * certificates against, as the endpoints are its addresses), or null for another target.
   */
  public static String dnsName(String target) {
    if (!"dns".equals(scheme(target)) || !target.startsWith("///", "dns:".length())) {
      return null;
    }
    return hostPort(target.substring("dns:///".length()), target).getHostString();
  }

  /** The target's scheme in lower case ({@code scheme://...}), or null for {@code host:port} lists. */
  static String scheme(String target) {
    int colon = target.indexOf(':');
    if (colon <= 0 || !target.startsWith("//", colon + 1)) {
      return null;
    }
    String candidate = target.substring(0, colon);
    return candidate.matches("[a-zA-Z][a-zA-Z0-9+.-]*") ? candidate.toLowerCase(Locale.ROOT) : null;
  }

  /** The host to connect to: the IP address of a resolved endpoint (never its name again), else its name. */
  public static String connectHost(InetSocketAddress endpoint) {
    return endpoint.isUnresolved() ? endpoint.getHostString() : endpoint.getAddress().getHostAddress();
  }

  private static InetSocketAddress hostPort(String text, String target) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected host:port in the target " + target + ", got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("an IPv6 address goes in brackets, [::1]:5559, in the target " + target);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be within 1..65535 in the target " + target + ": '" + text + "'");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** {@code h1:p1,h2:p2}. */
  static String describe(List<InetSocketAddress> endpoints) {
    StringJoiner joiner = new StringJoiner(",");
    for (InetSocketAddress a : endpoints) {
      String host = a.getHostString();
      joiner.add((host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }
    return joiner.toString();
  }
}
