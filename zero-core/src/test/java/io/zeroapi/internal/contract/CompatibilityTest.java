package io.zeroapi.internal.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Rpc;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.ContractBuilder;
import io.zeroapi.internal.FunctionRegistry;
import io.zeroapi.testing.alltypes.AllTypesApi;
import io.zeroapi.testing.alltypes.AllTypesService;
import io.zeroapi.testing.alltypes.Color;
import io.zeroapi.testing.alltypes.Node;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What cannot match between a client's interface and a server, and what may. No network. */
class CompatibilityTest {
  private static final MsgpackCodec codec = MsgpackCodec.create();

  private static Contract contractOf(Object service) {
    FunctionRegistry registry = new FunctionRegistry(codec);
    registry.addService(service);
    return Contract.parse(codec.decode(new ContractBuilder(registry, codec, "tcp").bytes()));
  }

  private static final Contract SERVER = contractOf(new AllTypesService());

  @Test
  void theSameInterfaceMatchesItself() {
    assertThat(Compatibility.problems(SERVER, SERVER)).isEmpty();
  }

  /** A client of the all-types server declaring looser or equivalent types: all of them can work. */
  public static final class Compatible {
    @Rpc
    public Map<String, Object> everything(Map<String, Object> value) { // a record is a map with string keys
      return value;
    }

    @Rpc
    public Optional<Node> tree(Node root) { // an optional receiver takes a required value
      return Optional.of(root);
    }

    @Rpc
    public List<String> colors() { // an enum of strings is read as strings
      return List.of();
    }

    @Rpc
    public long escalate(long priority) { // an integer enum as integers
      return priority;
    }

    @Rpc
    public Object anything(String value) { // any accepts everything
      return value;
    }

    @Rpc
    public void forget(String text) {}

    @Rpc
    public Map<String, List<Object>> index(List<String> ids) { // uuid is a string on the wire
      return Map.of();
    }
  }

  @Test
  void looserOrEquivalentTypesMatch() {
    assertThat(Compatibility.problems(contractOf(new Compatible()), SERVER)).isEmpty();
  }

  record Address(int street) {} // the server's Address has a string street

  record Point(int x, int y) {} // the server's functions have no Point

  /** A client whose every function is wrong in one way. */
  public static final class Incompatible {
    @Rpc
    public Address relocate(Address address) { // a field of another type, both ways
      return address;
    }

    @Rpc
    public Point tree(Point root) { // records with none of the required fields
      return root;
    }

    @Rpc
    public Color escalate(Color priority) { // an enum of strings where one of integers is expected
      return priority;
    }

    @Rpc
    public String colors(String extra) { // sends an argument the server ignores; expects a string, gets a list
      return extra;
    }

    @Rpc
    public String maybe() { // sends no argument: the server's is optional, so nil is fine
      return "";
    }

    @Rpc
    public Instant index() { // sends no argument to a function that needs one
      return Instant.EPOCH;
    }

    @Rpc
    public Set<Integer> missing(Set<Integer> s) {
      return s;
    }
  }

  @Test
  void everyProblemIsNamed() {
    List<String> problems = Compatibility.problems(contractOf(new Incompatible()), SERVER);
    assertThat(problems).containsExactly(
        "`colors` result: the server returns list of Color (an enum), the client expects string",
        "`escalate` argument: the client sends Color (an enum), the server expects Priority (an enum)",
        "`escalate` result: the server returns Priority (an enum), the client expects Color (an enum)",
        "`index`: the server takes an argument (set of uuid), the client sends none",
        "`index` result: the server returns map of string to list of Address (a record), the client expects timestamp",
        "`maybe` result: the server returns Everything (a record), the client expects string",
        "`missing` is not served by the server (it serves `address_page`, `anything`, `colors`, `escalate`, "
            + "`everything`, `forget`, `index`, `legacy`, `maybe`, `relocate`, `tree`)",
        "`relocate` argument field `street`: the client sends integer (int32), the server expects string",
        "`relocate` result: the client expects Address with the required field `street`, which "
            + "io_zeroapi_testing_alltypes_other_Address does not have",
        "`tree` argument: the server expects Node with the required field `name`, which Point does not have",
        "`tree` argument: the server expects Node with the required field `children`, which Point does not have",
        "`tree` result: the client expects Point with the required field `x`, which Node does not have",
        "`tree` result: the client expects Point with the required field `y`, which Node does not have");
  }

  @Test
  void aRecursiveTypeIsComparedOnce() {
    Contract tree = contractOf(new Object() {
      @Rpc
      public Node tree(Node root) {
        return root;
      }
    });
    assertThat(Compatibility.problems(tree, SERVER)).isEmpty();
    assertThat(AllTypesApi.class).isInterface(); // the fixture the server implements
  }
}
