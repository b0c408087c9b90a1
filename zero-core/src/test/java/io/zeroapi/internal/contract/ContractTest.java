package io.zeroapi.internal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.ContractBuilder;
import io.zeroapi.internal.FunctionRegistry;
import io.zeroapi.internal.contract.Contract.Any;
import io.zeroapi.internal.contract.Contract.Enumeration;
import io.zeroapi.internal.contract.Contract.Field;
import io.zeroapi.internal.contract.Contract.Function;
import io.zeroapi.internal.contract.Contract.ListOf;
import io.zeroapi.internal.contract.Contract.MapOf;
import io.zeroapi.internal.contract.Contract.Nullable;
import io.zeroapi.internal.contract.Contract.Ref;
import io.zeroapi.internal.contract.Contract.Scalar;
import io.zeroapi.internal.contract.Contract.Struct;
import io.zeroapi.testing.alltypes.AllTypesService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a contract back: the all-types server's contract, and documents that are not contracts. */
class ContractTest {
  private static final MsgpackCodec codec = MsgpackCodec.create();

  static Contract allTypes() {
    FunctionRegistry registry = new FunctionRegistry(codec);
    registry.addService(new AllTypesService());
    return Contract.parse(codec.decode(new ContractBuilder(registry, codec, "zmq").bytes()));
  }

  private static Function function(Contract contract, String name) {
    return contract.functions().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void readsTheServerAndTheFunctionsInOrder() {
    Contract contract = allTypes();
    assertThat(contract.format()).isEqualTo("1.0");
    assertThat(contract.serverName()).isEqualTo("zero-java");
    assertThat(contract.protocol()).isEqualTo("zmq");
    assertThat(contract.functions()).extracting(Function::name).containsExactly("address_page", "anything", "colors",
        "escalate", "everything", "forget", "index", "legacy", "maybe", "relocate", "tree");
    assertThat(function(contract, "everything")).isEqualTo(
        new Function("everything", "value", new Ref("Everything"), new Ref("Everything"), false));
    assertThat(function(contract, "colors")).isEqualTo(
        new Function("colors", null, null, new ListOf(new Ref("Color"), false), true));
    assertThat(function(contract, "forget").result()).isEqualTo(Scalar.NULL);
    assertThat(function(contract, "index").argument()).isEqualTo(new ListOf(Scalar.UUID, true));
    assertThat(function(contract, "index").result())
        .isEqualTo(new MapOf(Scalar.STRING, new ListOf(new Ref("Address"), false)));
    assertThat(function(contract, "maybe").argument()).isEqualTo(new Nullable(Scalar.INT32));
    assertThat(function(contract, "anything").argument()).isInstanceOf(Any.class);
    assertThat(function(contract, "relocate").result()).isEqualTo(new Ref("io_zeroapi_testing_alltypes_other_Address"));
    assertThat(function(contract, "address_page").result()).isEqualTo(new Ref("Page_Address"));
  }

  @Test
  void readsEveryScalarAndTheDefinitions() {
    Contract contract = allTypes();
    Struct everything = (Struct) contract.definitions().get("Everything");
    assertThat(everything.fields()).extracting(Field::shape).containsExactly(
        Scalar.BOOLEAN, Scalar.INT8, Scalar.INT16, Scalar.INT32, Scalar.INT64, Scalar.BIGINT, Scalar.FLOAT, Scalar.DOUBLE,
        Scalar.CHAR, Scalar.STRING, Scalar.BYTES, Scalar.INSTANT, Scalar.LOCAL_DATE_TIME, Scalar.LOCAL_DATE,
        Scalar.LOCAL_TIME, Scalar.UUID, Scalar.DECIMAL, new Nullable(Scalar.STRING), new ListOf(Scalar.STRING, false),
        new ListOf(Scalar.INT32, true), new MapOf(Scalar.STRING, Scalar.DOUBLE), new MapOf(Scalar.INT32, Scalar.STRING),
        new Ref("Color"), new Ref("Priority"), new Ref("Address"), new ListOf(new Ref("Address"), false),
        Scalar.OFFSET_TIME);
    assertThat(everything.fields()).filteredOn(f -> !f.required()).extracting(Field::name).containsExactly("note");
    assertThat(contract.definitions().get("Priority"))
        .isEqualTo(new Enumeration("Priority", Scalar.INT64, List.of("LOW", "HIGH"), List.of(1L, 10L),
            "io.zeroapi.testing.alltypes.Priority"));
    assertThat(contract.definitions().get("Color"))
        .isEqualTo(new Enumeration("Color", Scalar.STRING, List.of("RED", "GREEN", "BLUE"), List.of("RED", "GREEN", "BLUE"),
            "io.zeroapi.testing.alltypes.Color"));
    Struct node = (Struct) contract.definitions().get("Node");
    assertThat(node.fields().get(1)).isEqualTo(new Field("children", new ListOf(new Ref("Node"), false), true));
    Struct legacy = (Struct) contract.definitions().get("Legacy");
    assertThat(legacy.fields()).extracting(Field::required).containsOnly(false);
  }

  @Test
  void refusesWhatIsNotAContractItCanRead() {
    assertThatThrownBy(() -> Contract.parse("hello")).hasMessageContaining("not a Zero contract");
    assertThatThrownBy(() -> Contract.parse(Map.of("zero_contract", "2.0", "functions", List.of())))
        .isInstanceOf(Contract.FormatException.class)
        .hasMessage("the contract is format 2.0, and this version of Zero for Java reads format 1.x only: upgrade Zero for Java");
    assertThatThrownBy(() -> Contract.parse(Map.of("zero_contract", "1.0")))
        .hasMessageContaining("no `functions` list");
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", "get");
    f.put("argument", null);
    f.put("result", Map.of("$ref", "#/definitions/Missing"));
    assertThatThrownBy(() -> Contract.parse(Map.of("zero_contract", "1.0", "functions", List.of(f))))
        .hasMessageContaining("`#/definitions/Missing`, which it does not define");
  }

  @Test
  void aNewerMinorVersionAndUnknownSchemasAreReadLeniently() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", "get");
    f.put("argument", Map.of("type", "tuple-of-things"));
    f.put("result", Map.of("type", "string", "format", "email"));
    f.put("added-in-1.1", true);
    Contract contract = Contract.parse(Map.of("zero_contract", "1.7", "functions", List.of(f), "new-key", 1));
    assertThat(contract.functions().get(0).argument()).isInstanceOf(Any.class);
    assertThat(contract.functions().get(0).result()).isEqualTo(Scalar.STRING);
  }
}
