package io.zeroapi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are copied from regions of the example sources marked {@code //
 * README:<name>:start} and {@code // README:<name>:end}; this test fails when they drift apart.
 */
class ReadmeSnippetsTest {
  private static final Pattern MARKER = Pattern.compile("^\\s*// README:([a-z0-9-]+):(start|end)\\s*$");

  @Test
  void readmeContainsEveryMarkedRegionVerbatim() throws IOException {
    Path readme = findReadme();
    String text = Files.readString(readme).replace("\r\n", "\n");
    Map<String, String> regions = markedRegions(Path.of(System.getProperty("user.dir")));

    assertThat(regions).containsKeys("server", "client");
    regions.forEach((name, snippet) -> assertThat(text)
        .as("README.md must contain the region '%s' of the examples verbatim (dedented):%n%s", name, snippet)
        .contains(snippet));
  }

  @Test
  void regionsAreDedentedAndKeepInnerIndentation() {
    List<String> lines = List.of("    a {", "      b;", "    }");
    assertThat(dedent(lines)).isEqualTo("a {\n  b;\n}\n");
  }

  /** README.md of the repository: the first one found walking up from the working directory. */
  static Path findReadme() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("README.md");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("No README.md in " + System.getProperty("user.dir") + " or above");
  }

  /** Every marked region under the examples module's main sources, by name. */
  static Map<String, String> markedRegions(Path workingDir) throws IOException {
    Path moduleDir = Files.isDirectory(workingDir.resolve("examples/src/main/java"))
        ? workingDir.resolve("examples") : workingDir;
    Path sources = moduleDir.resolve("src/main/java");
    Map<String, String> regions = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String open = null;
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
          Matcher marker = MARKER.matcher(line);
          if (marker.matches()) {
            String name = marker.group(1);
            if (marker.group(2).equals("start")) {
              assertThat(open).as("nested region in %s", file).isNull();
              open = name;
              lines.clear();
            } else {
              assertThat(name).as("region end in %s", file).isEqualTo(open);
              assertThat(regions).as("duplicate region name '%s'", name).doesNotContainKey(name);
              regions.put(name, dedent(lines));
              open = null;
            }
          } else if (open != null) {
            lines.add(line);
          }
        }
        assertThat(open).as("unclosed region in %s", file).isNull();
      }
    }
    return regions;
  }

  static String dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
