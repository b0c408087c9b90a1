package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The registration rules: each refusal names the function and the rule. No network. */
class RegistrationTest {
  private final ZeroServer server = ZeroServer.builder().port(0).build();

  @Test
  void acceptsLambdasSuppliersAsyncAndServices() {
    server.register("echo", String.class, s -> s);
    server.register("hello_world", () -> "hello world");
    server.register("orders", new TypeRef<List<String>>() {}, list -> list.size());
    server.registerAsync("later", () -> CompletableFuture.completedFuture("x"));
    server.registerAsync("later_echo", String.class, s -> CompletableFuture.completedFuture(s));
    server.registerService(new GoodService());
    assertThat(server.functions())
        .containsExactly("echo", "hello_world", "orders", "later", "later_echo", "nothing", "renamed", "square");
  }

  // The stages' result types are not Object: this compiles only while registerAsync infers R.
  private static CompletionStage<Integer> length(String s) {
    return CompletableFuture.completedFuture(s.length());
  }

  private static CompletableFuture<List<String>> names() {
    return CompletableFuture.completedFuture(List.of("a"));
  }

  @Test
  void acceptsMethodReferencesReturningTypedStages() {
    server.registerAsync("length", String.class, RegistrationTest::length);
    server.registerAsync("names", RegistrationTest::names);
    server.registerAsync("sizes", new TypeRef<List<String>>() {}, list -> CompletableFuture.completedFuture(list.size()));
    assertThat(server.functions()).containsExactly("length", "names", "sizes");
  }

  @Test
  void refusesDuplicateNames() {
    server.register("echo", String.class, s -> s);
    assertThatThrownBy(() -> server.register("echo", () -> "again"))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("`echo`")
        .hasMessageContaining("already registered");
  }

  @Test
  void refusesReservedNames() {
    for (String reserved : List.of("get_rpc_contract", "connect", "__server_info__", "zero.contract", "zero.health")) {
      assertThatThrownBy(() -> server.register(reserved, () -> "x"))
          .isInstanceOf(RegistrationException.class)
          .hasMessageContaining("`" + reserved + "`")
          .hasMessageContaining("reserved");
    }
  }

  @Test
  void refusesNamesLongerThan80Utf8Bytes() {
    server.register("a".repeat(80), () -> "ok");
    assertThatThrownBy(() -> server.register("b".repeat(81), () -> "x"))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("81 UTF-8 bytes")
        .hasMessageContaining("80");
    // 27 characters, but 81 bytes: the limit is the wire's, in bytes
    assertThatThrownBy(() -> server.register("€".repeat(27), () -> "x"))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("81 UTF-8 bytes");
    assertThatThrownBy(() -> server.register("", () -> "x")).isInstanceOf(RegistrationException.class);
    assertThatThrownBy(() -> server.register(" padded", () -> "x")).isInstanceOf(RegistrationException.class);
  }

  @Test
  void refusesAnnotatedMethodsWithMoreThanOneParameter() {
    assertThatThrownBy(() -> server.registerService(new TwoParameters()))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("`add`")
        .hasMessageContaining("2 parameters");
    assertThat(server.functions()).isEmpty();
  }

  @Test
  void refusesTypesTheCodecCannotHandle() {
    assertThatThrownBy(() -> server.register("spawn", Thread.class, t -> "x"))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("`spawn`")
        .hasMessageContaining("argument type java.lang.Thread");
    assertThatThrownBy(() -> server.registerService(new BadReturn()))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("`thread`")
        .hasMessageContaining("return type");
  }

  @Test
  void refusesServicesWithoutRpcMethods() {
    assertThatThrownBy(() -> server.registerService(new Object()))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("no public method annotated with @Rpc");
  }

  public static final class GoodService {
    @Rpc
    public int square(int x) {
      return x * x;
    }

    @Rpc("renamed")
    public String original() {
      return "renamed";
    }

    @Rpc
    public void nothing(String ignored) {}
  }

  public static final class TwoParameters {
    @Rpc
    public int add(int a, int b) {
      return a + b;
    }
  }

  public static final class BadReturn {
    @Rpc
    public Thread thread() {
      return Thread.currentThread();
    }
  }
}
