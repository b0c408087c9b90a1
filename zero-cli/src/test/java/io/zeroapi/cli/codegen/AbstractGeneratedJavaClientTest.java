package io.zeroapi.cli.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.TypeRef;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.cli.codegen.JavaClientGenerator.GeneratedFile;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.testing.alltypes.Address;
import io.zeroapi.testing.alltypes.AllTypes;
import io.zeroapi.testing.alltypes.Color;
import io.zeroapi.testing.alltypes.Everything;
import io.zeroapi.testing.alltypes.Legacy;
import io.zeroapi.testing.alltypes.Node;
import io.zeroapi.testing.alltypes.Page;
import io.zeroapi.testing.alltypes.Priority;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The generated Java client of the all-types fixture, compiled in-process (with {@code
 * -Xdoclint:all -Werror}, as a strict user build would) and called through {@code
 * ZeroClient.proxy} against a live {@code AllTypesService}: every function, blocking and async.
 * Written once; a subclass per transport supplies {@link #protocol()}.
 *
 * <p>The generated types are known here only by reflection, so values cross between them and the
 * fixture's types through the codec: a fixture value is encoded and decoded into the generated
 * parameter type, and a result is encoded and decoded into the fixture's type, then compared.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the server lives as long as the class
abstract class AbstractGeneratedJavaClientTest {
  private static final String PACKAGE = "com.acme.generated";
  private static final String INTERFACE = "AllTypesClient";
  private static final MsgpackCodec CODEC = MsgpackCodec.create();

  /** Compiled once per JVM: the transports' subclasses share it. */
  private static Compiled compiled;

  private ZeroServer server;

  /** The transport under test. */
  protected abstract Protocol protocol();

  /** The generated sources and the interface loaded from their compiled classes. */
  private record Compiled(List<GeneratedFile> files, Class<?> api) {}

  @BeforeAll
  static void compileOnce() throws Exception {
    synchronized (AbstractGeneratedJavaClientTest.class) {
      if (compiled == null) {
        List<GeneratedFile> files = JavaClientGenerator.generate(Contracts.allTypes(), PACKAGE, INTERFACE, Contracts.GENERATED_BY);
        compiled = new Compiled(files, compile(files).loadClass(PACKAGE + "." + INTERFACE));
      }
    }
  }

  @BeforeAll
  void startServer() {
    server = Contracts.allTypesServer(protocol());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private ZeroClient.Builder clientBuilder() {
    return ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol());
  }

  /**
   * Compiles {@code files} against the test class path into a new directory under {@code target/}
   * (which {@code mvn clean} removes) and loads them.
   */
  static ClassLoader compile(List<GeneratedFile> files) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK's compiler (javax.tools)").isNotNull();
    Path root = Files.createDirectories(Path.of("target", "generated-clients"));
    Path sources = Files.createTempDirectory(root, "src-");
    Path classes = Files.createTempDirectory(root, "classes-");
    List<Path> paths = new ArrayList<>();
    for (GeneratedFile file : files) {
      Path path = sources.resolve(file.relativePath());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.content(), StandardCharsets.UTF_8);
      paths.add(path);
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager manager = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "21", "-Xlint:all", "-Xdoclint:all", "-Werror", "-encoding", "UTF-8",
          "-classpath", System.getProperty("java.class.path"), "-d", classes.toString());
      boolean ok = compiler.getTask(null, manager, diagnostics, options, null, manager.getJavaFileObjectsFromPaths(paths)).call();
      List<String> messages = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        messages.add(d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + " ")
            + d.getMessage(Locale.ROOT));
      }
      assertThat(messages).as("javac's diagnostics").isEmpty();
      assertThat(ok).as("javac succeeded").isTrue();
    }
    return new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, AbstractGeneratedJavaClientTest.class.getClassLoader());
  }

  // --- checks ----------------------------------------------------------------------------------

  @Test
  void theContractReadOverThisTransportGeneratesTheSameClient() {
    List<GeneratedFile> files =
        JavaClientGenerator.generate(Contracts.fetch(server, protocol()), PACKAGE, INTERFACE, Contracts.GENERATED_BY);
    assertThat(files).isEqualTo(compiled.files());
  }

  @Test
  void everyFunctionBlockingAndAsync() throws Exception {
    try (ZeroClient client = clientBuilder().build()) {
      Object proxy = client.proxy(compiled.api());
      for (Case c : cases()) {
        check(proxy, c, false);
        check(proxy, c, true);
      }
    }
  }

  @Test
  void theAsyncClientsProxyCallsTheAsyncMethods() throws Exception {
    try (AsyncZeroClient client = clientBuilder().buildAsync()) {
      Object proxy = client.proxy(compiled.api());
      Case tree = cases().stream().filter(c -> c.function.equals("tree")).findFirst().orElseThrow();
      check(proxy, tree, true);
    }
  }

  @Test
  void theInterfaceHasABlockingAndAnAsyncMethodPerFunction() {
    List<String> names = new ArrayList<>();
    for (Method m : compiled.api().getDeclaredMethods()) {
      names.add(m.getName());
      boolean async = m.getName().endsWith("Async");
      assertThat(CompletableFuture.class.isAssignableFrom(m.getReturnType())).as(m.getName()).isEqualTo(async);
    }
    List<String> expected = new ArrayList<>();
    cases().stream().map(Case::method).distinct().forEach(m -> {
      expected.add(m);
      expected.add(m + "Async");
    });
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * One function's check: its name, the generated method's name, the argument (a fixture value, or
   * null for none), and the expected result as a fixture value of {@code resultType} ({@code null}
   * type: compare the encoded bytes).
   */
  private record Case(String function, String method, Object argument, Object expected, Type resultType) {}

  private static List<Case> cases() {
    UUID a = UUID.fromString("00000000-0000-0000-0000-000000000001");
    Map<String, List<Address>> index = new LinkedHashMap<>();
    index.put(a.toString(), List.of());
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("everything", "everything", AllTypes.sample(), AllTypes.sample(), Everything.class));
    cases.add(new Case("tree", "tree", AllTypes.tree(), AllTypes.tree(), Node.class));
    cases.add(new Case("address_page", "addressPage", 3,
        new Page<>(Collections.nCopies(3, new Address("Main St 1", Optional.of("2A"))), 3), new TypeRef<Page<Address>>() {}.type()));
    cases.add(new Case("colors", "colors", null, List.of(Color.RED, Color.GREEN, Color.BLUE), new TypeRef<List<Color>>() {}.type()));
    cases.add(new Case("forget", "forget", "gone", null, Void.class));
    cases.add(new Case("index", "index", Set.of(a), index, new TypeRef<Map<String, List<Address>>>() {}.type()));
    cases.add(new Case("anything", "anything", List.of(1, "two", Map.of("three", true)), List.of(1, "two", Map.of("three", true)), null));
    cases.add(new Case("maybe", "maybe", Optional.of(7), Optional.of(AllTypes.sample(7)), new TypeRef<Optional<Everything>>() {}.type()));
    cases.add(new Case("maybe", "maybe", Optional.empty(), Optional.empty(), new TypeRef<Optional<Everything>>() {}.type()));
    cases.add(new Case("relocate", "relocate", new Address("Main St 1", Optional.empty()),
        new io.zeroapi.testing.alltypes.other.Address(9), io.zeroapi.testing.alltypes.other.Address.class));
    cases.add(new Case("legacy", "legacy", new Legacy("x", 4), new Legacy("x", 8), Legacy.class));
    cases.add(new Case("escalate", "escalate", Priority.LOW, Priority.HIGH, Priority.class));
    return cases;
  }

  private void check(Object proxy, Case c, boolean async) throws Exception {
    String name = c.method + (async ? "Async" : "");
    Method method = findMethod(name);
    Object result;
    try {
      Object[] args = method.getParameterCount() == 0 ? new Object[0]
          : new Object[] {convert(c.argument, method.getGenericParameterTypes()[0])};
      result = method.invoke(proxy, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(name + " failed", e.getCause());
    }
    if (async) {
      assertThat(result).as(name).isInstanceOf(CompletableFuture.class);
      result = ((CompletableFuture<?>) result).get(10, TimeUnit.SECONDS);
    }
    if (c.resultType == null) {
      assertThat(CODEC.encode(result)).as(name + " (as MessagePack)").isEqualTo(CODEC.encode(c.expected));
    } else if (c.resultType == Void.class) {
      assertThat(result).as(name).isNull();
    } else {
      assertThat(convert(result, c.resultType)).as(name).isEqualTo(c.expected);
    }
  }

  private static Method findMethod(String name) {
    for (Method m : compiled.api().getMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("the generated interface has no method " + name);
  }

  /** {@code value} as {@code type}, through MessagePack. */
  private static Object convert(Object value, Type type) {
    byte[] bytes = CODEC.encode(value);
    return CODEC.decode(bytes, 0, bytes.length, type);
  }
}
