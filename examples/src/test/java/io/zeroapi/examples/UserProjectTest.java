package io.zeroapi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The README's "Use it in your build" section and {@code samples/user-project} (a user's project
 * outside the reactor, which {@code ./zero test} builds and runs) agree with each other and with
 * the POMs: the coordinates and version of the dependency, the SLF4J provider, the JPMS lines, and
 * the plugin versions the sample pins itself.
 */
class UserProjectTest {
  private static final Pattern FENCE = Pattern.compile("(?ms)^```([a-z]*)\\n(.*?)^```$");

  private static Path root;
  private static String section;
  private static Document rootPom;
  private static Document corePom;
  private static Document samplePom;

  @BeforeAll
  static void read() throws Exception {
    Path readme = ReadmeSnippetsTest.findReadme();
    root = readme.getParent();
    section = section(Files.readString(readme).replace("\r\n", "\n"), "## Use it in your build");
    rootPom = xml(root.resolve("pom.xml"));
    corePom = xml(root.resolve("zero-core/pom.xml"));
    samplePom = xml(root.resolve("samples/user-project/pom.xml"));
  }

  @Test
  void theMavenSnippetIsTheSamplesDependencyOnTheReleasedLibrary() throws IOException {
    String version = text(rootPom.getDocumentElement(), "version");
    assertThat(version).as("a released version").matches("\\d+\\.\\d+\\.\\d+");
    assertThat(text(corePom.getDocumentElement(), "artifactId")).isEqualTo("zero");
    assertThat(text(child(corePom.getDocumentElement(), "parent"), "groupId")).isEqualTo("io.zeroapi");

    String snippet = block("xml", "<artifactId>zero</artifactId>");
    assertThat(lines(snippet)).containsExactly(
        "<dependency>",
        "<groupId>io.zeroapi</groupId>",
        "<artifactId>zero</artifactId>",
        "<version>" + version + "</version>",
        "</dependency>");
    assertThat(containsInOrder(lines(sampleFile("pom.xml")), lines(snippet)))
        .as("samples/user-project/pom.xml has the README's Maven dependency verbatim").isTrue();
  }

  @Test
  void theGradleSnippetsNameTheSameCoordinates() {
    String coordinates = "io.zeroapi:zero:" + text(rootPom.getDocumentElement(), "version");
    assertThat(block("kotlin", "implementation")).contains("implementation(\"" + coordinates + "\")");
    assertThat(block("groovy", "implementation")).contains("implementation '" + coordinates + "'");
  }

  @Test
  void theSlf4jProviderSnippetIsTheSamplesAndMatchesTheApiVersion() throws IOException {
    String snippet = block("xml", "slf4j-simple");
    String slf4j = property(rootPom, "slf4j.version");
    assertThat(snippet).contains("<version>" + slf4j + "</version>");
    assertThat(containsInOrder(lines(sampleFile("pom.xml")), lines(snippet)))
        .as("samples/user-project/pom.xml has the README's SLF4J provider verbatim").isTrue();
  }

  @Test
  void theJpmsSnippetIsTheSamplesModuleInfo() throws IOException {
    String snippet = block("java", "requires io.zeroapi;");
    assertThat(snippet).contains("exports ").contains(" to io.zeroapi;");
    assertThat(sampleFile("src/main/java/module-info.java")).contains(snippet);
  }

  @Test
  void theSampleIsOutsideTheReactorAndPinsTheRootsPluginVersions() throws IOException {
    assertThat(child(samplePom.getDocumentElement(), "parent")).as("no parent POM").isNull();
    List<String> modules = new ArrayList<>();
    Element modulesElement = child(rootPom.getDocumentElement(), "modules");
    for (Node n = modulesElement.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        modules.add(e.getTextContent().trim());
      }
    }
    assertThat(modules).contains("zero-core").noneMatch(m -> m.startsWith("samples"));

    for (String plugin : List.of("compiler-plugin.version", "exec-plugin.version")) {
      assertThat(property(samplePom, plugin)).as(plugin).isEqualTo(property(rootPom, plugin));
    }
    assertThat(Files.readString(root.resolve("zero")))
        .as("./zero test builds and runs the sample")
        .contains("samples/user-project/pom.xml");
  }

  @Test
  void containsInOrderFindsOnlyContiguousRuns() {
    List<String> haystack = List.of("a", "b", "c", "d");
    assertThat(containsInOrder(haystack, List.of("b", "c"))).isTrue();
    assertThat(containsInOrder(haystack, List.of("b", "d"))).isFalse();
  }

  /** The text from {@code heading} to the next heading of the same level. */
  private static String section(String readme, String heading) {
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as("README has a section '%s'", heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + heading.length() + 2);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The one fenced block of the section in {@code language} that contains {@code marker}. */
  private static String block(String language, String marker) {
    List<String> found = new ArrayList<>();
    Matcher m = FENCE.matcher(section);
    while (m.find()) {
      if (m.group(1).equals(language) && m.group(2).contains(marker)) {
        found.add(m.group(2));
      }
    }
    assertThat(found).as("```%s blocks containing '%s'", language, marker).hasSize(1);
    return found.get(0);
  }

  /** The non-blank lines of {@code text}, stripped: indentation may differ between README and POM. */
  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static boolean containsInOrder(List<String> haystack, List<String> needle) {
    return Collections.indexOfSubList(haystack, needle) >= 0;
  }

  private static String sampleFile(String path) throws IOException {
    return Files.readString(root.resolve("samples/user-project").resolve(path)).replace("\r\n", "\n");
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  /** The direct child element {@code name} of {@code parent}, or null. */
  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    assertThat(e).as("<%s> in <%s>", name, parent.getTagName()).isNotNull();
    return e.getTextContent().trim();
  }

  private static String property(Document pom, String name) {
    return text(child(pom.getDocumentElement(), "properties"), name);
  }
}
