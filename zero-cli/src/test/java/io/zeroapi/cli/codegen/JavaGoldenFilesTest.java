package io.zeroapi.cli.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.cli.codegen.JavaClientGenerator.GeneratedFile;
import io.zeroapi.internal.contract.Contract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated Java of the all-types fixture and of the example server, compared with the golden
 * files under {@code src/test/resources/codegen/java/}. After a deliberate change to the generator,
 * regenerate them and review the diff:
 *
 * <pre>{@code
 * mvn -pl zero-cli -am test -Dtest=JavaGoldenFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Dzero.golden.update=true
 * }</pre>
 *
 * <p>({@code -am}: zero-cli needs the reactor's zero-core test-jar and examples, which are not
 * installed.) The example server's files change whenever its functions do.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaGoldenFilesTest {
  /** Where the golden files are, relative to the module (Maven's working directory for tests). */
  static final Path GOLDEN = Path.of("src/test/resources/codegen/java");

  static final String ALL_TYPES_PACKAGE = "com.acme.alltypes";
  static final String ALL_TYPES_INTERFACE = "AllTypesClient";

  @Test
  void allTypesMatchesItsGoldenFiles() {
    List<GeneratedFile> files =
        JavaClientGenerator.generate(Contracts.allTypes(), ALL_TYPES_PACKAGE, ALL_TYPES_INTERFACE, Contracts.GENERATED_BY);
    check(GOLDEN.resolve("alltypes"), files);
  }

  @Test
  void exampleServerMatchesItsGoldenFiles() {
    List<GeneratedFile> files =
        JavaClientGenerator.generate(Contracts.example(), "com.acme.example", "ExampleClient", Contracts.GENERATED_BY);
    check(GOLDEN.resolve("example"), files);
  }

  @Test
  void theSameContractGivesTheSameBytes() {
    Contract contract = Contracts.allTypes();
    List<GeneratedFile> first = JavaClientGenerator.generate(contract, ALL_TYPES_PACKAGE, ALL_TYPES_INTERFACE, Contracts.GENERATED_BY);
    // A second server, a second read of its contract: nothing in the output may depend on either.
    List<GeneratedFile> second =
        JavaClientGenerator.generate(Contracts.allTypes(), ALL_TYPES_PACKAGE, ALL_TYPES_INTERFACE, Contracts.GENERATED_BY);
    assertThat(second).isEqualTo(first);
    assertThat(first).extracting(GeneratedFile::relativePath).isSorted();
  }

  @Test
  void everyFileCarriesTheGeneratedBySentenceInItsTypeJavadoc() {
    String sentence = "Generated on 2026-12-04T20:00:00Z from somewhere.";
    List<GeneratedFile> files = JavaClientGenerator.generate(Contracts.allTypes(), ALL_TYPES_PACKAGE, ALL_TYPES_INTERFACE, sentence);
    assertThat(files).isNotEmpty().allSatisfy(f -> assertThat(f.content()).contains(" * <p>" + sentence + "\n"));
  }

  /** Compares {@code files} with the directory {@code dir}, or rewrites it with {@code -Dzero.golden.update=true}. */
  static void check(Path dir, List<GeneratedFile> files) {
    try {
      if (Boolean.getBoolean("zero.golden.update")) {
        if (Files.isDirectory(dir)) {
          try (Stream<Path> old = Files.walk(dir)) {
            for (Path p : old.sorted((a, b) -> b.compareTo(a)).toList()) {
              Files.delete(p);
            }
          }
        }
        for (GeneratedFile file : files) {
          Path path = dir.resolve(file.relativePath());
          Files.createDirectories(path.getParent());
          Files.writeString(path, file.content(), StandardCharsets.UTF_8);
        }
      }
      TreeMap<String, String> expected = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          expected.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
        }
      }
      TreeMap<String, String> actual = new TreeMap<>();
      files.forEach(f -> actual.put(f.relativePath(), f.content()));
      assertThat(actual.keySet()).as("the generated files (regenerate with -Dzero.golden.update=true)")
          .containsExactlyElementsOf(expected.keySet());
      List<String> differing = new ArrayList<>();
      actual.forEach((path, content) -> {
        if (!content.equals(expected.get(path))) {
          differing.add(path);
        }
      });
      for (String path : differing) {
        assertThat(actual.get(path)).as(path + " differs from its golden file (regenerate with -Dzero.golden.update=true)")
            .isEqualTo(expected.get(path));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
