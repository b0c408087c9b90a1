package io.zeroapi.internal;

import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.contract.Contract;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's contract, the answer to {@value #FUNCTION_NAME}: the format version, the server,
 * the protocol, and every registered function with its argument and result schemas (the codec
 * describes the types, {@link Codec#describe}). The format is docs/contract.md.
 *
 * <p>Built once and kept as MessagePack bytes, and read back as a {@link Contract} for the code
 * generators: {@link #bytes()} and {@link #contract()} rebuild only when the registry
 * changed since the last build (a registration after start), so a request costs no work but the
 * reply. Thread-safe.
 */
public final class ContractBuilder {
  private static final Logger log = LoggerFactory.getLogger(ContractBuilder.class);

  /** The reserved function that answers with the contract. */
  public static final String FUNCTION_NAME = Contract.FUNCTION_NAME;

  /**
   * The key of the format version, and the version this server writes: {@code major.minor}. A
   * reader refuses a major it does not know; a minor adds keys that a reader may ignore.
   */
  public static final String FORMAT_KEY = Contract.FORMAT_KEY;

  /** The format version written. */
  public static final String FORMAT_VERSION = "1.0";

  /** The server's name in the contract. */
  public static final String SERVER_NAME = "zero-java";

  private final FunctionRegistry registry;
  private final Codec codec;
  private final String protocol;
  private volatile Built built;

  /** One build: the functions it describes, the reply's bytes, and the same contract read back. */
  private record Built(Map<String, RegisteredFunction> functions, byte[] bytes, Contract contract, String unreadable) {}

  /**
   * @param registry the functions to describe
   * @param codec the codec that maps their types, and so describes them
   * @param protocol the transport's name ({@code "tcp"}, {@code "zmq"}), or {@code null} if unknown
   */
  public ContractBuilder(FunctionRegistry registry, Codec codec, String protocol) {
    this.registry = registry;
    this.codec = codec;
    this.protocol = protocol;
  }

  /** The contract as one MessagePack map, built now if the functions changed since the last build. */
  public byte[] bytes() {
    return current().bytes;
  }

  /**
   * The contract read back ({@link Contract#parse}) from the same bytes that {@link #bytes()}
   * returns: what a client reading the reply sees, for the code generators. Built with the bytes,
   * not per call.
   *
   * @throws IllegalStateException if the document cannot be read back (a bug: logged at build)
   */
  public Contract contract() {
    Built current = current();
    if (current.contract == null) {
      throw new IllegalStateException("the server's contract cannot be read back: " + current.unreadable);
    }
    return current.contract;
  }

  private Built current() {
    Built current = built;
    Map<String, RegisteredFunction> functions = registry.snapshot();
    if (current != null && current.functions == functions) {
      return current;
    }
    synchronized (this) {
      current = built;
      functions = registry.snapshot();
      if (current == null || current.functions != functions) {
        MsgpackCodec msgpack = MsgpackCodec.create();
        byte[] bytes = msgpack.encode(document(functions));
        Contract contract = null;
        String unreadable = null;
        try {
          contract = Contract.parse(msgpack.decode(bytes));
        } catch (RuntimeException e) { // the reply itself is still served
          log.warn("The server's contract cannot be read back for code generation: {}", e.toString());
          unreadable = e.getMessage();
        }
        current = new Built(functions, bytes, contract, unreadable);
        built = current;
      }
      return current;
    }
  }

  /** The contract of {@code functions} as a map (see docs/contract.md). */
  Map<String, Object> document(Map<String, RegisteredFunction> functions) {
    Map<String, Object> definitions = new LinkedHashMap<>();
    List<Object> described = new ArrayList<>();
    for (RegisteredFunction function : functions.values()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", function.name());
      if (function.parameterName() != null) {
        entry.put("parameter", function.parameterName());
      }
      entry.put("argument", function.takesArgument() ? describe(function, function.argumentType(), false, definitions) : null);
      entry.put("result", describe(function, resultType(function), true, definitions));
      entry.put("async", function.async());
      described.add(entry);
    }
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("name", SERVER_NAME);
    server.put("version", BuildInfo.version());
    Map<String, Object> document = new LinkedHashMap<>();
    document.put(FORMAT_KEY, FORMAT_VERSION);
    document.put("server", server);
    if (protocol != null) {
      document.put("protocol", protocol);
    }
    document.put("functions", described);
    document.put("definitions", definitions);
    return document;
  }

  private static Type resultType(RegisteredFunction function) {
    return function.async() ? FunctionRegistry.stageValueType(function.returnType()) : function.returnType();
  }

  /** The codec's schema; a type it fails to describe is "any", so that the server still answers. */
  private Map<String, Object> describe(
      RegisteredFunction function, Type type, boolean result, Map<String, Object> definitions) {
    Map<String, Object> any = new LinkedHashMap<>();
    any.put("x-zero-any", true);
    if (result && type == Object.class) {
      // what a lambda's registration records: its return type is erased
      any.put("description", "not declared: registered with a lambda, or declared as Object; any MessagePack value");
      return any;
    }
    Map<String, Object> attempt = new LinkedHashMap<>(definitions);
    try {
      Map<String, Object> schema = codec.describe(type, attempt);
      definitions.clear(); // kept only if the whole description succeeded
      definitions.putAll(attempt);
      return schema;
    } catch (RuntimeException e) {
      log.warn("Cannot describe the type {} of `{}` in the contract: {}", type.getTypeName(), function.name(), e.toString());
      any.put("description", type.getTypeName() + " could not be described (" + e.getMessage() + "); any MessagePack value");
      return any;
    }
  }
}
