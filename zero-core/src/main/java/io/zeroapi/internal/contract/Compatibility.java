package io.zeroapi.internal.contract;

import io.zeroapi.internal.contract.Contract.Any;
import io.zeroapi.internal.contract.Contract.Definition;
import io.zeroapi.internal.contract.Contract.Enumeration;
import io.zeroapi.internal.contract.Contract.Field;
import io.zeroapi.internal.contract.Contract.Function;
import io.zeroapi.internal.contract.Contract.ListOf;
import io.zeroapi.internal.contract.Contract.MapOf;
import io.zeroapi.internal.contract.Contract.Nullable;
import io.zeroapi.internal.contract.Contract.Ref;
import io.zeroapi.internal.contract.Contract.Scalar;
import io.zeroapi.internal.contract.Contract.Shape;
import io.zeroapi.internal.contract.Contract.Struct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a client's view of some functions (a contract built from a proxied interface) can work
 * with a live server's contract: every function served, and for each value, what one side sends
 * something the other side can decode.
 *
 * <p>It reports only what <em>cannot</em> match: a missing function, a required field the sender
 * does not have, a string where a number is expected, an enum with none of the other's values.
 * What may fail for some values only (an {@code int64} into an {@code int32}, an optional value
 * into a required one, an enum value added on one side) is allowed: the call reports it if it
 * happens, and versions of a service evolve that way.
 */
public final class Compatibility {
  private final Contract client;
  private final Contract server;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> comparing = new HashSet<>();

  private Compatibility(Contract client, Contract server) {
    this.client = client;
    this.server = server;
  }

  /**
   * The reasons why {@code client} cannot work with {@code server}, one sentence each; empty if it can.
   *
   * @param client the functions the client calls, with the types it sends and expects
   * @param server the server's contract
   * @return the problems, in the order of the client's functions
   */
  public static List<String> problems(Contract client, Contract server) {
    Compatibility check = new Compatibility(client, server);
    Map<String, Function> served = new HashMap<>();
    server.functions().forEach(f -> served.put(f.name(), f));
    for (Function wanted : client.functions()) {
      Function offered = served.get(wanted.name());
      if (offered == null) {
        check.problems.add("`" + wanted.name() + "` is not served by the server (it serves " + names(server) + ")");
        continue;
      }
      check.function(wanted, offered);
    }
    return List.copyOf(check.problems);
  }

  /** The first few functions of {@code contract}, for a message. */
  private static String names(Contract contract) {
    int shown = 12;
    String names = contract.functions().stream().limit(shown).map(f -> "`" + f.name() + "`").collect(Collectors.joining(", "));
    int more = contract.functions().size() - shown;
    return contract.functions().isEmpty() ? "no function" : more > 0 ? names + " and " + more + " more" : names;
  }

  private void function(Function wanted, Function offered) {
    String name = "`" + wanted.name() + "`";
    if (wanted.argument() == null) {
      if (offered.argument() != null && !acceptsNil(offered.argument())) {
        problems.add(name + ": the server takes an argument (" + describe(server, offered.argument())
            + "), the client sends none");
      }
    } else if (offered.argument() != null) { // a function without argument ignores the one it is sent
      comparing.clear();
      value(name + " argument", wanted.argument(), client, offered.argument(), server, "the client sends", "the server expects");
    }
    if (wanted.result() != Scalar.NULL) { // a void method ignores the result
      comparing.clear();
      value(name + " result", offered.result(), server, wanted.result(), client, "the server returns", "the client expects");
    }
  }

  /** Checks that a value of shape {@code from} (in {@code fromContract}) decodes as {@code to}. */
  private void value(String path, Shape from, Contract fromContract, Shape to, Contract toContract, String fromSays, String toSays) {
    if (from instanceof Any || to instanceof Any) {
      return;
    }
    if (to instanceof Nullable nullable) {
      if (from != Scalar.NULL) {
        value(path, from instanceof Nullable n ? n.value() : from, fromContract, nullable.value(), toContract, fromSays, toSays);
      }
      return;
    }
    if (from instanceof Nullable nullable) { // nil into a required value fails only when it is sent
      value(path, nullable.value(), fromContract, to, toContract, fromSays, toSays);
      return;
    }
    if (from instanceof Ref fromRef && to instanceof Ref toRef) {
      if (comparing.add(fromRef.name() + " -> " + toRef.name())) { // recursion: compared once
        definition(path, fromContract.definitions().get(fromRef.name()), fromContract,
            toContract.definitions().get(toRef.name()), toContract, fromSays, toSays);
      }
      return;
    }
    if (from instanceof ListOf a && to instanceof ListOf b) {
      value(path + " items", a.items(), fromContract, b.items(), toContract, fromSays, toSays);
      return;
    }
    if (from instanceof MapOf a && to instanceof MapOf b) {
      value(path + " keys", a.key(), fromContract, b.key(), toContract, fromSays, toSays);
      value(path + " values", a.value(), fromContract, b.value(), toContract, fromSays, toSays);
      return;
    }
    if (from instanceof Scalar a && to instanceof Scalar b && scalarFits(a, b)) {
      return;
    }
    if (fitsLoosely(from, fromContract, to, toContract)) {
      return;
    }
    problems.add(path + ": " + fromSays + " " + describe(fromContract, from) + ", " + toSays + " "
        + describe(toContract, to));
  }

  /** A record is a map with string keys, an enum its values: either side may say it so. */
  private static boolean fitsLoosely(Shape from, Contract fromContract, Shape to, Contract toContract) {
    Definition fromDefinition = from instanceof Ref r ? fromContract.definitions().get(r.name()) : null;
    Definition toDefinition = to instanceof Ref r ? toContract.definitions().get(r.name()) : null;
    if (fromDefinition instanceof Struct && to instanceof MapOf m && m.key() == Scalar.STRING) {
      return true;
    }
    if (toDefinition instanceof Struct && from instanceof MapOf m && m.key() == Scalar.STRING) {
      return true;
    }
    if (fromDefinition instanceof Enumeration e && to instanceof Scalar s) {
      return e.kind() == null || scalarFits(e.kind(), s);
    }
    if (toDefinition instanceof Enumeration e && from instanceof Scalar s) {
      return e.kind() == null || scalarFits(s, e.kind());
    }
    return false;
  }

  private void definition(String path, Definition from, Contract fromContract, Definition to, Contract toContract,
      String fromSays, String toSays) {
    if (from instanceof Struct a && to instanceof Struct b) {
      Map<String, Field> sent = new HashMap<>();
      a.fields().forEach(f -> sent.put(f.name(), f));
      for (Field field : b.fields()) {
        Field match = sent.get(field.name());
        if (match == null) {
          if (field.required()) {
            problems.add(path + ": " + toSays + " " + b.name() + " with the required field `" + field.name() + "`, which "
                + a.name() + " does not have");
          }
          continue;
        }
        value(path + " field `" + field.name() + "`", match.shape(), fromContract, field.shape(), toContract, fromSays, toSays);
      }
      return;
    }
    if (from instanceof Enumeration a && to instanceof Enumeration b) {
      if (a.kind() != null && b.kind() != null && a.kind() != b.kind()) {
        problems.add(path + ": " + fromSays + " " + describe(fromContract, new Ref(a.name())) + ", " + toSays + " "
            + describe(toContract, new Ref(b.name())));
      } else if (a.values().stream().noneMatch(b.values()::contains)) {
        problems.add(path + ": " + fromSays + " " + a.name() + " " + a.values() + ", " + toSays + " " + b.name() + " "
            + b.values() + ": no value in common");
      }
      return;
    }
    problems.add(path + ": " + fromSays + " " + describe(fromContract, new Ref(from.name())) + ", " + toSays + " "
        + describe(toContract, new Ref(to.name())));
  }

  /** What MessagePack value a scalar is, as the codec reads it. */
  private enum Wire { BOOLEAN, INTEGER, FLOAT, STRING, TIMESTAMP, BIN, NIL }

  private static Wire wire(Scalar scalar) {
    return switch (scalar) {
      case BOOLEAN -> Wire.BOOLEAN;
      case INT8, INT16, INT32, INT64, BIGINT -> Wire.INTEGER;
      case FLOAT, DOUBLE -> Wire.FLOAT;
      case CHAR, STRING, LOCAL_DATE_TIME, LOCAL_DATE, LOCAL_TIME, OFFSET_TIME, UUID, DECIMAL -> Wire.STRING;
      case INSTANT -> Wire.TIMESTAMP;
      case BYTES -> Wire.BIN;
      case NULL -> Wire.NIL;
    };
  }

  private static boolean scalarFits(Scalar from, Scalar to) {
    Wire a = wire(from);
    Wire b = wire(to);
    return a == b
        || (a == Wire.INTEGER && b == Wire.FLOAT) // a float accepts an integer, as msgspec does
        || (a == Wire.STRING && b == Wire.TIMESTAMP) // an ISO string with an offset is a timestamp too
        || (a == Wire.TIMESTAMP && b == Wire.STRING && (to == Scalar.STRING || to == Scalar.LOCAL_DATE_TIME));
  }

  private static boolean acceptsNil(Shape shape) {
    return shape instanceof Nullable || shape instanceof Any || shape == Scalar.NULL;
  }

  /** A shape in words: {@code integer (int32)}, {@code list of Order}, {@code Order (a record)}. */
  static String describe(Contract contract, Shape shape) {
    return switch (shape) {
      case Scalar s -> switch (s) {
        case INT8, INT16, INT32, INT64 -> "integer (" + s.name().toLowerCase(java.util.Locale.ROOT) + ")";
        case BIGINT -> "integer (bigint)";
        case FLOAT, DOUBLE -> "float";
        case CHAR -> "character";
        case STRING -> "string";
        case BYTES -> "bytes";
        case INSTANT -> "timestamp";
        case LOCAL_DATE_TIME -> "date-time without offset";
        case LOCAL_DATE -> "date";
        case LOCAL_TIME -> "time";
        case OFFSET_TIME -> "time with offset";
        case UUID -> "uuid";
        case DECIMAL -> "decimal";
        case BOOLEAN -> "boolean";
        case NULL -> "nothing (void)";
      };
      case Ref r -> r.name() + (contract.definitions().get(r.name()) instanceof Enumeration ? " (an enum)" : " (a record)");
      case ListOf l -> (l.unique() ? "set of " : "list of ") + describe(contract, l.items());
      case MapOf m -> "map of " + describe(contract, m.key()) + " to " + describe(contract, m.value());
      case Nullable n -> "optional " + describe(contract, n.value());
      case Any a -> "any value";
    };
  }
}
