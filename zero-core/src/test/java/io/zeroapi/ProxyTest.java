package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ZeroClient#proxy(Class)}: every rule is checked when the proxy is made, and the message
 * names the method and the rule. No network: the client never connects (nothing listens on its
 * port, and no test here makes a remote call).
 */
class ProxyTest {
  private final ZeroClient client = ZeroClient.builder("127.0.0.1", 1).protocol(Protocol.TCP).build();

  @AfterEach
  void close() {
    client.close();
  }

  public record Order(long id, String name) {}

  /** Everything a proxied interface may hold. */
  public interface GoodApi {
    String hello_world();

    Order echo_order(Order order);

    @Rpc("echo_order")
    CompletableFuture<Order> echoOrderAsync(Order order);

    @Rpc(value = "echo_order", timeoutMillis = 100)
    CompletionStage<Order> echoOrderStage(Order order);

    @Rpc("echo_order")
    void echoOrderIgnoringTheResult(Order order);

    List<Order> orders(String user);

    Map<String, List<Optional<Order>>> nested();

    int square(int x);

    CompletableFuture<Void> fire(String event);

    default String twice(String word) {
      return word + word;
    }

    static GoodApi unused() {
      return null;
    }

    @Override
    String toString();
  }

  public interface Empty {}

  public interface Derived extends GoodApi {
    String more();
  }

  @Test
  void acceptsAGoodInterface() {
    GoodApi api = client.proxy(GoodApi.class);
    assertThat(api).isInstanceOf(GoodApi.class);
    assertThat(client.async().proxy(GoodApi.class)).isInstanceOf(GoodApi.class).isNotSameAs(api);
    assertThat(client.proxy(Derived.class)).isInstanceOf(GoodApi.class);
    assertThat(client.proxy(Empty.class)).isInstanceOf(Empty.class);
  }

  @Test
  void objectMethodsAndDefaultMethodsRunLocally() {
    GoodApi api = client.proxy(GoodApi.class);
    GoodApi other = client.proxy(GoodApi.class);
    assertThat(api.toString())
        .isEqualTo("Zero proxy of io.zeroapi.ProxyTest$GoodApi for 127.0.0.1:1 (TCP)")
        .isEqualTo(String.valueOf(api));
    assertThat(client.toString()).isEqualTo("ZeroClient[127.0.0.1:1 (TCP)]");
    assertThat(api.equals(api)).isTrue();
    assertThat(api.equals(other)).isFalse();
    assertThat(api.equals(null)).isFalse();
    assertThat(api.hashCode()).isEqualTo(System.identityHashCode(api)).isEqualTo(api.hashCode());
    assertThat(api.twice("ab")).isEqualTo("abab");
  }

  interface NotPublic {
    String remote(String s);

    default String local() {
      return "local";
    }
  }

  @Test
  void acceptsAnInterfaceThatIsNotPublicAndRunsItsDefaultMethods() {
    NotPublic api = client.proxy(NotPublic.class);
    assertThat(api.local()).isEqualTo("local");
    assertThat(api.toString()).startsWith("Zero proxy of io.zeroapi.ProxyTest$NotPublic for ");
  }

  // --- the interface itself --------------------------------------------------------------------

  public abstract static class NotAnInterface {}

  public @interface AnAnnotation {}

  public interface Generic<T> {
    T get(String id);
  }

  public interface ExtendsGeneric extends Generic<Order> {}

  public sealed interface Sealed permits SealedImpl {}

  public record SealedImpl() implements Sealed {}

  @Test
  void refusesWhatIsNotAPlainInterface() {
    refused(NotAnInterface.class).hasMessage(
        "Cannot proxy io.zeroapi.ProxyTest$NotAnInterface: it is not an interface; proxy takes an interface whose methods are remote functions");
    refused(AnAnnotation.class).hasMessageContaining("it is an annotation type");
    refused(Sealed.class).hasMessageContaining("Sealed: it is sealed");
    refused(Generic.class).hasMessage("Cannot proxy io.zeroapi.ProxyTest$Generic: it has type parameters [T];"
        + " a proxied interface and its super-interfaces may not have any (declare concrete types)");
    refused(ExtendsGeneric.class).hasMessageStartingWith(
        "Cannot proxy io.zeroapi.ProxyTest$ExtendsGeneric: its super-interface io.zeroapi.ProxyTest$Generic has type parameters [T]");
    assertThatThrownBy(() -> client.proxy(null)).isInstanceOf(NullPointerException.class);
  }

  // --- its methods -----------------------------------------------------------------------------

  public interface TwoParameters {
    int divide(int a, int b);
  }

  public interface UnsupportedParameter {
    String run(Thread thread);
  }

  public interface UnsupportedResult {
    Thread current();
  }

  public interface UnsupportedFutureResult {
    CompletableFuture<Thread> current();
  }

  public interface TypeVariableResult {
    <T> T get(String id);
  }

  public interface TypeVariableParameter {
    <T> String put(List<T> values);
  }

  public interface WildcardResult {
    List<? extends Number> numbers();
  }

  public interface RawFuture {
    @SuppressWarnings("rawtypes")
    CompletableFuture later();
  }

  public interface OtherFuture {
    Future<String> later();
  }

  public interface LongName {
    @Rpc("ééééééééééééééééééééééééééééééééééééééééé") // 41 × 2 bytes
    String accented();
  }

  public interface LongMethodName {
    String a_method_name_that_is_exactly_eighty_one_bytes_long_which_is_one_more_than_allowX();
  }

  public interface Whitespace {
    @Rpc(" echo")
    String echo(String s);
  }

  public interface NegativeTimeout {
    @Rpc(value = "echo", timeoutMillis = -1)
    String echo(String s);
  }

  public interface SameNameOtherArgument {
    String echo(String s);

    @Rpc("echo")
    String echoInt(int i);
  }

  public interface SameNameOtherResult {
    String echo(String s);

    @Rpc("echo")
    CompletableFuture<Integer> echoAsync(String s);
  }

  public interface PrimitiveAndFuture {
    int twice(int n);

    @Rpc("twice")
    CompletableFuture<Integer> twiceAsync(Integer n); // the same types, boxed
  }

  public interface SameNameNoArgument {
    String echo(String s);

    @Rpc("echo")
    String echoNothing();
  }

  public interface RemoteDefaultMethod {
    @Rpc("add")
    default int add(int a, int b) { // a remote function, because of @Rpc: the rules apply
      return a + b;
    }
  }

  @Test
  void refusesMoreThanOneParameter() {
    refused(TwoParameters.class).hasMessage("Cannot proxy TwoParameters.divide: it has 2 parameters;"
        + " a remote function takes one argument or none (pack several values into a record)");
    refused(RemoteDefaultMethod.class).hasMessageStartingWith("Cannot proxy RemoteDefaultMethod.add: it has 2 parameters;");
  }

  @Test
  void refusesTypesTheCodecCannotHandle() {
    refused(UnsupportedParameter.class)
        .hasMessageStartingWith("Cannot proxy UnsupportedParameter.run: its parameter type java.lang.Thread cannot be sent: ")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    refused(UnsupportedResult.class)
        .hasMessageStartingWith("Cannot proxy UnsupportedResult.current: its return type java.lang.Thread cannot be received: ");
    refused(UnsupportedFutureResult.class).hasMessageStartingWith(
        "Cannot proxy UnsupportedFutureResult.current: its return type java.util.concurrent.CompletableFuture<java.lang.Thread> cannot be received: ");
  }

  @Test
  void refusesTypeVariablesAndWildcards() {
    refused(TypeVariableResult.class).hasMessage("Cannot proxy TypeVariableResult.get: its return type T contains the type variable T;"
        + " a proxied method needs concrete types to encode and decode its values");
    refused(TypeVariableParameter.class).hasMessageStartingWith(
        "Cannot proxy TypeVariableParameter.put: its parameter type java.util.List<T> contains the type variable T;");
    refused(WildcardResult.class).hasMessageStartingWith(
        "Cannot proxy WildcardResult.numbers: its return type java.util.List<? extends java.lang.Number> contains the wildcard ? extends java.lang.Number;");
  }

  @Test
  void refusesRawAndUnsupportedFutures() {
    refused(RawFuture.class).hasMessage(
        "Cannot proxy RawFuture.later: its return type CompletableFuture is raw; give the result type, e.g. CompletableFuture<String>");
    refused(OtherFuture.class).hasMessage("Cannot proxy OtherFuture.later: its return type java.util.concurrent.Future<java.lang.String>"
        + " is not supported; an asynchronous function returns CompletableFuture<T> or CompletionStage<T>");
  }

  @Test
  void refusesNamesOverEightyBytes() {
    refused(LongName.class).hasMessageStartingWith("Cannot proxy LongName.accented: its function name `éé")
        .hasMessageEndingWith("` is 82 UTF-8 bytes long; the limit is 80 (shorten it with @Rpc(\"...\"))");
    refused(LongMethodName.class).hasMessageContaining(
        "LongMethodName.a_method_name_that_is_exactly_eighty_one_bytes_long_which_is_one_more_than_allowX: its function name")
        .hasMessageContaining("is 81 UTF-8 bytes long");
  }

  public interface ReservedConnect {
    String connect();
  }

  public interface ReservedContract {
    @Rpc("get_rpc_contract")
    String contract(List<String> request);
  }

  public interface ReservedInfo {
    @Rpc("__server_info__")
    Map<String, Object> info();
  }

  public interface ReservedZeroContract {
    @Rpc("zero.contract")
    Map<String, Object> contract();
  }

  @Test
  void refusesReservedNames() {
    refused(ReservedConnect.class).hasMessage("Cannot proxy ReservedConnect.connect: its function name `connect` is reserved [get_rpc_contract, connect, __server_info__, zero.contract, zero.health]; name another with @Rpc(\"...\")");
    refused(ReservedContract.class).hasMessageStartingWith("Cannot proxy ReservedContract.contract: its function name `get_rpc_contract` is reserved");
    refused(ReservedInfo.class).hasMessageStartingWith("Cannot proxy ReservedInfo.info: its function name `__server_info__` is reserved");
    refused(ReservedZeroContract.class).hasMessageStartingWith("Cannot proxy ReservedZeroContract.contract: its function name `zero.contract` is reserved");
  }

  @Test
  void refusesBadAnnotations() {
    refused(Whitespace.class).hasMessage("Cannot proxy Whitespace.echo: its function name ` echo` starts or ends with whitespace");
    refused(NegativeTimeout.class).hasMessage(
        "Cannot proxy NegativeTimeout.echo: its @Rpc timeoutMillis is -1; it must be positive, or 0 for the client's timeout");
  }

  @Test
  void refusesTwoMethodsThatCallOneFunctionWithDifferentTypes() {
    // Methods are checked in a stable order (by name), so the second of the two is the one named.
    refused(SameNameOtherArgument.class).hasMessage("Cannot proxy SameNameOtherArgument.echoInt: it calls `echo` with an argument of type int,"
        + " but SameNameOtherArgument.echo calls it with an argument of type java.lang.String;"
        + " a function has one argument type (give one of them another name with @Rpc(\"...\"))");
    refused(SameNameOtherResult.class).hasMessage("Cannot proxy SameNameOtherResult.echoAsync: it expects `echo` to return java.lang.Integer,"
        + " but SameNameOtherResult.echo expects java.lang.String; a function has one result type");
    refused(SameNameNoArgument.class).hasMessageStartingWith(
        "Cannot proxy SameNameNoArgument.echoNothing: it calls `echo` with no argument, but SameNameNoArgument.echo calls it with an argument of type java.lang.String;");
  }

  @Test
  void aPrimitiveAndItsBoxAreOneType() {
    assertThat(client.proxy(PrimitiveAndFuture.class)).isNotNull();
  }

  private AbstractThrowableAssert<?, ? extends Throwable> refused(Class<?> api) {
    return assertThatThrownBy(() -> client.proxy(api)).isExactlyInstanceOf(IllegalArgumentException.class);
  }
}
