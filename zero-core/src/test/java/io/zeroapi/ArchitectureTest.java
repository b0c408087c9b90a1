package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering the README describes, read from the sources: which package of the library refers
 * to which (imports and fully qualified names). The codec maps values and knows nothing of the
 * runtime or the transports; the runtime does not know the transports; no cycle among the
 * packages below the API. The API package {@code io.zeroapi} is the one hub: it declares the types
 * every layer shares (the exceptions, {@code Protocol}, the function interfaces) and its facade
 * ({@code ZeroServer}, {@code ZeroClient}) wires the layers together.
 */
class ArchitectureTest {
  /** The base sources and those compiled for JDK 22+ (the libzmq engine, META-INF/versions/22). */
  private static final List<Path> SOURCE_ROOTS = List.of(Path.of("src/main/java"), Path.of("src/main/java22"));
  private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
  private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.zeroapi(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

  /** Package → the other io.zeroapi packages its sources refer to. */
  private static Map<String, Set<String>> dependencies() {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path root : SOURCE_ROOTS) {
      addDependencies(root, graph);
    }
    return graph;
  }

  private static void addDependencies(Path root, Map<String, Set<String>> graph) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java")).toList()) {
        String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
        Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
        // String literals are left out: a class loaded by name (ZmqEngines loads the libzmq engine,
        // which exists only on JDK 22+) is a plug-in the package does not depend on to compile.
        Matcher m = REFERENCE.matcher(STRING_LITERAL.matcher(Files.readString(file)).replaceAll("\"\""));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            uses.add(m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theCodecKnowsNothingOfTheRuntimeOrTheTransports() {
    Map<String, Set<String>> graph = dependencies();
    assertThat(graph).containsKeys("io.zeroapi", "io.zeroapi.codec", "io.zeroapi.internal",
        "io.zeroapi.internal.tcp", "io.zeroapi.internal.zmq");
    assertThat(graph.get("io.zeroapi.codec")).as("io.zeroapi.codec refers to").containsOnly("io.zeroapi");
    assertThat(graph.get("io.zeroapi.internal.tcp")).as("the TCP transport refers to")
        .doesNotContain("io.zeroapi.internal.zmq", "io.zeroapi.codec");
    assertThat(graph.get("io.zeroapi.internal.zmq")).as("the ZeroMQ transport refers to")
        .doesNotContain("io.zeroapi.internal.tcp", "io.zeroapi.codec");
    assertThat(graph.get("io.zeroapi.internal.zmq.libzmq")).as("the libzmq engine refers to")
        .doesNotContain("io.zeroapi.internal.tcp", "io.zeroapi.codec", "io.zeroapi.internal");
  }

  @Test
  void noPackageCyclesBelowTheApi() {
    Map<String, Set<String>> graph = dependencies();
    assertThat(graph.get("io.zeroapi.internal")).as("the runtime refers to")
        .doesNotContain("io.zeroapi.internal.tcp", "io.zeroapi.internal.zmq");
    graph.remove("io.zeroapi");
    graph.values().forEach(uses -> uses.remove("io.zeroapi"));
    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      // every package reachable from start; a cycle exists if start is among them
      Deque<String> todo = new ArrayDeque<>(graph.get(start));
      Set<String> seen = new TreeSet<>();
      while (!todo.isEmpty()) {
        String next = todo.pop();
        if (seen.add(next)) {
          todo.addAll(graph.getOrDefault(next, Set.of()));
        }
      }
      if (seen.contains(start)) {
        cycles.add(start + " reaches itself through " + seen);
      }
    }
    assertThat(cycles).as("package graph %s", graph).isEmpty();
  }
}
