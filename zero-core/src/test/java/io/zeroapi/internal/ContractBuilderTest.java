package io.zeroapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Rpc;
import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.testing.ForwardingCodec;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The contract document and when it is (re)built. No network. */
class ContractBuilderTest {
  private final MsgpackCodec codec = MsgpackCodec.create();

  record Point(int x, int y) {}

  public static final class Shapes {
    @Rpc
    public Point origin() {
      return new Point(0, 0);
    }

    @Rpc
    public CompletableFuture<List<Point>> around(Point p) {
      return CompletableFuture.completedFuture(List.of(p));
    }

    @Rpc
    public void forget(Point p) {}
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> decode(byte[] bytes) {
    return (Map<String, Object>) codec.decode(bytes);
  }

  private static Map<String, Object> function(String name, String parameter, Object argument, Object result, boolean async) {
    Map<String, Object> f = new java.util.HashMap<>();
    f.put("name", name);
    if (parameter != null) {
      f.put("parameter", parameter); // the build compiles with -parameters
    }
    f.put("argument", argument);
    f.put("result", result);
    f.put("async", async);
    return f;
  }

  @Test
  void documentHasTheFormatTheServerAndEveryFunction() {
    FunctionRegistry registry = new FunctionRegistry(codec);
    registry.addService(new Shapes());
    Map<String, Object> contract = decode(new ContractBuilder(registry, codec, "tcp").bytes());
    assertThat(contract.keySet()).containsExactly("zero_contract", "server", "protocol", "functions", "definitions");
    assertThat(contract).containsEntry("zero_contract", "1.0").containsEntry("protocol", "tcp");
    @SuppressWarnings("unchecked")
    Map<String, Object> server = (Map<String, Object>) contract.get("server");
    assertThat(server).containsEntry("name", "zero-java");
    assertThat((String) server.get("version")).as("the library version, from the filtered resource").matches("\\d+\\.\\d+\\.\\d+.*");
    Map<String, Object> point = Map.of("$ref", "#/definitions/Point");
    assertThat(contract.get("functions")).isEqualTo(List.of(
        function("around", "p", point, Map.of("type", "array", "items", point), true),
        function("forget", "p", point, Map.of("type", "null"), false),
        function("origin", null, null, point, false)));
    assertThat(contract.get("definitions")).isEqualTo(Map.of("Point", Map.of(
        "type", "object",
        "properties", Map.of("x", Map.of("type", "integer", "format", "int32"), "y", Map.of("type", "integer", "format", "int32")),
        "required", List.of("x", "y"),
        "x-zero-java", Point.class.getTypeName())));
  }

  @Test
  void builtOnceAndAgainOnlyAfterARegistration() {
    FunctionRegistry registry = new FunctionRegistry(codec);
    registry.add(new RegisteredFunction("echo", String.class, String.class, false, a -> a));
    ContractBuilder builder = new ContractBuilder(registry, codec, null);
    byte[] first = builder.bytes();
    assertThat(builder.bytes()).as("not rebuilt per request").isSameAs(first);
    registry.add(new RegisteredFunction("twice", int.class, int.class, false, a -> 2 * (int) a));
    byte[] second = builder.bytes();
    assertThat(second).isNotSameAs(first);
    assertThat(builder.bytes()).isSameAs(second);
    assertThat(decode(second)).doesNotContainKey("protocol");
    assertThat(decode(second).get("functions").toString()).contains("twice");
  }

  @Test
  void theParsedContractIsBuiltWithTheBytesAndIsWhatAClientReadsBack() {
    FunctionRegistry registry = new FunctionRegistry(codec);
    registry.addService(new Shapes());
    ContractBuilder builder = new ContractBuilder(registry, codec, "tcp");
    io.zeroapi.internal.contract.Contract contract = builder.contract();
    assertThat(contract).isEqualTo(io.zeroapi.internal.contract.Contract.parse(decode(builder.bytes())));
    assertThat(builder.contract()).as("not re-read per request").isSameAs(contract);
    assertThat(contract.functions()).extracting(io.zeroapi.internal.contract.Contract.Function::name)
        .containsExactly("around", "forget", "origin");
    registry.add(new RegisteredFunction("twice", int.class, int.class, false, a -> 2 * (int) a));
    assertThat(builder.contract().functions()).hasSize(4);
  }

  @Test
  void aTypeTheCodecCannotDescribeIsAnyAndTheServerStillAnswers() {
    Codec failing = new ForwardingCodec(codec) {

      @Override
      public Map<String, Object> describe(Type type, Map<String, Object> definitions) {
        definitions.put("Half", Map.of()); // a failed description leaves nothing behind
        throw new IllegalStateException("cannot describe " + type.getTypeName());
      }
    };
    FunctionRegistry registry = new FunctionRegistry(failing);
    registry.add(new RegisteredFunction("echo", Point.class, Point.class, false, a -> a));
    Map<String, Object> contract = decode(new ContractBuilder(registry, failing, "zmq").bytes());
    @SuppressWarnings("unchecked")
    Map<String, Object> echo = ((List<Map<String, Object>>) contract.get("functions")).get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> argument = (Map<String, Object>) echo.get("argument");
    assertThat(argument).containsEntry("x-zero-any", true);
    assertThat((String) argument.get("description")).contains("could not be described");
    assertThat(contract.get("definitions")).isEqualTo(Map.of());
  }
}
