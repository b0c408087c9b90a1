package io.zeroapi.codec;

import io.zeroapi.ProtocolException;
import io.zeroapi.ValidationException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * The default {@link Codec}: MessagePack with the conventions of Python's msgspec, so that Java and
 * Python Zero peers understand each other. Thread-safe; adapters are built once per type.
 *
 * <table>
 *   <caption>Java values on the wire</caption>
 *   <tr><th>Java</th><th>MessagePack</th></tr>
 *   <tr><td>{@code null}, {@code Optional.empty()}</td><td>nil</td></tr>
 *   <tr><td>{@code boolean}</td><td>bool</td></tr>
 *   <tr><td>{@code byte}..{@code long}, {@code BigInteger} (-2^63..2^64-1)</td>
 *       <td>smallest int form; non-negative values use the unsigned forms</td></tr>
 *   <tr><td>{@code float}, {@code double}</td><td>always float64</td></tr>
 *   <tr><td>{@code String}, {@code char}</td><td>smallest str form (UTF-8)</td></tr>
 *   <tr><td>{@code byte[]}</td><td>bin</td></tr>
 *   <tr><td>arrays, collections</td><td>array</td></tr>
 *   <tr><td>{@code Map}</td><td>map, in iteration order</td></tr>
 *   <tr><td>records, POJOs</td><td>map of component/field name to value, in declaration order</td></tr>
 *   <tr><td>enums</td><td>the {@link WireValue} method's value, else {@code name()}</td></tr>
 *   <tr><td>{@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime}</td>
 *       <td>timestamp extension -1 (UTC), in the smallest of its three forms</td></tr>
 *   <tr><td>{@code LocalDateTime}, {@code LocalDate}, {@code LocalTime}</td>
 *       <td>str as Python's {@code isoformat()}</td></tr>
 *   <tr><td>{@code OffsetTime}</td><td>str with its offset ({@code 10:00:00+02:00}, {@code 10:00:00Z})</td></tr>
 *   <tr><td>{@code UUID}, {@code BigDecimal}</td><td>str</td></tr>
 * </table>
 *
 * <p>Decoding is typed and strict like msgspec ({@code Expected `int`, got `str` - at `$.items[2]`}).
 * Nil decodes only into {@code Optional} (empty), {@code Object} and {@code Void}: any other declared
 * type refuses it ({@code Expected `str`, got `None`}), so declare {@code Optional<T>} where a value
 * may be absent; an {@code Optional}'s mismatch names the union ({@code Expected `int | null`, got
 * `str`}). Map keys fail {@code at `key` in `$`}, map values {@code at `$[...]`}, as in msgspec.
 * Date-time text is read as msgspec reads RFC 3339 (seconds required, {@code T} or a space). Lenient cases: ints for floating-point targets, enum names for {@code @WireValue}
 * enums, RFC 3339 strings for date-times. An aware type ({@code Instant}, {@code OffsetDateTime}, {@code
 * ZonedDateTime}) refuses an ISO string without an offset ({@code Expected `datetime` with a
 * timezone component}); a {@code LocalDateTime} given an instant (timestamp, or a string with an
 * offset) gets it in UTC; a {@code LocalTime} refuses a time with an offset and an {@code OffsetTime}
 * a time without one; a {@code BigDecimal} refuses NaN and the infinities, which it cannot hold. Records require every component except
 * {@code Optional} ones (which become empty); POJO fields absent from the map keep the values
 * their no-argument constructor gave them, and a POJO field of a reference type takes nil as null
 * (none is required: a null field, encoded as nil, decodes back); unknown keys are ignored. Malformed or hostile bytes (truncation, lengths
 * beyond the input, nesting beyond {@link Builder#maxNestingDepth}, invalid UTF-8, trailing bytes)
 * raise {@link ProtocolException}.
 */
public final class MsgpackCodec implements Codec {
  private static final MsgpackCodec DEFAULT = new MsgpackCodec(1000);
  private static final MessagePack.PackerConfig PACKER =
      new MessagePack.PackerConfig().withBufferSize(256); // the packer's window size
  private static final byte[] NIL = {(byte) 0xc0};

  private final int maxNestingDepth;
  private final Decoders decoders = new Decoders();

  private MsgpackCodec(int maxNestingDepth) {
    this.maxNestingDepth = maxNestingDepth;
  }

  /**
   * The codec with default settings (nesting depth 1000).
   *
   * @return the shared default instance
   */
  public static MsgpackCodec create() {
    return DEFAULT;
  }

  /**
   * Settings for a codec other than the default one.
   *
   * @return a builder with every setting at its default
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link MsgpackCodec}. */
  public static final class Builder {
    private int maxNestingDepth = 1000;

    private Builder() {}

    /**
     * Deepest nesting of arrays and maps accepted (decoding) or produced (encoding); default 1000.
     *
     * @param depth the deepest nesting, at least 1; deeper input is a {@link ProtocolException}
     * @return this builder
     * @throws IllegalArgumentException if {@code depth} is below 1
     */
    public Builder maxNestingDepth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("maxNestingDepth must be at least 1: " + depth);
      }
      this.maxNestingDepth = depth;
      return this;
    }

    /**
     * A codec with these settings.
     *
     * @return a new codec
     */
    public MsgpackCodec build() {
      return new MsgpackCodec(maxNestingDepth);
    }
  }

  @Override
  public void checkSupported(Type type) {
    Objects.requireNonNull(type, "type");
    TypeSupport.check(type);
  }

  /**
   * Describes {@code type} as {@link Codec#describe} asks, in the terms of this codec's mapping
   * (the table above): e.g. {@code Instant} is a {@code date-time} string sent as the timestamp
   * extension, a record an object whose components are all required but {@code Optional} ones.
   * {@code Object}, wildcards and unresolved type variables are "any", with the reason.
   */
  @Override
  public Map<String, Object> describe(Type type, Map<String, Object> definitions) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(definitions, "definitions");
    return Schemas.describe(type, definitions);
  }

  // ---- encoding ------------------------------------------------------------------------------

  @Override
  public byte[] encode(Object value) {
    if (value == null) {
      return NIL.clone();
    }
    if (value instanceof String s) {
      byte[] ascii = FastPaths.encodeAsciiString(s);
      if (ascii != null) {
        return ascii; // same bytes as the general path, without a packer
      }
    } else if (value instanceof Boolean b) {
      return new byte[] {b ? (byte) 0xc3 : (byte) 0xc2};
    } else if (value instanceof byte[] bytes) {
      return FastPaths.encodeBinary(bytes); // one copy instead of three
    }
    GrowingArrayOutput out = new GrowingArrayOutput(64);
    MessagePacker packer = PACKER.newPacker(out);
    write(packer, value);
    return finish(packer, out);
  }

  private static byte[] finish(MessagePacker packer, GrowingArrayOutput out) {
    try {
      packer.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e); // in-memory output
    }
    return out.toByteArray();
  }

  private void write(MessagePacker packer, Object value) {
    try {
      new Encoders.Context(packer, maxNestingDepth).write(value);
    } catch (ValidationFailure f) {
      throw f.toException();
    } catch (StackOverflowError e) {
      throw new ValidationException("value nested too deeply to encode", e);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- decoding ------------------------------------------------------------------------------

  @Override
  public Object decode(byte[] data, int offset, int length, Type type) {
    Objects.requireNonNull(type, "type");
    if ((type == String.class || type == Object.class) && data != null) {
      String ascii = FastPaths.decodeAsciiString(data, offset, length);
      if (ascii != null) {
        return ascii; // what the general path gives for an ASCII str, without a reader
      }
    }
    return decodeGeneral(data, offset, length, type);
  }

  /** The general typed decoder (package-private for the test comparing it with the fast path). */
  Object decodeGeneral(byte[] data, int offset, int length, Type type) {
    Objects.requireNonNull(type, "type");
    Decoders.Decoder decoder = decoders.forType(type); // unsupported types: IllegalArgumentException
    MsgpackReader reader = reader(data, offset, length);
    try {
      Object value = decoder.decode(reader);
      checkEnd(reader);
      return value;
    } catch (ValidationFailure f) {
      throw f.toException();
    } catch (ProtocolException e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw malformed("Malformed MessagePack: ", e);
    }
  }

  /**
   * Decodes without a target type (same as {@code decode(..., Object.class)}).
   *
   * @param data the bytes of exactly one MessagePack value
   * @return {@code null}, a {@code Boolean}, {@code Long} ({@code BigInteger} above {@code
   *     Long.MAX_VALUE}), {@code Double}, {@code String}, {@code byte[]}, {@code List}, {@code
   *     Map}, {@code Instant} (timestamp extension) or {@link ExtensionValue}
   * @throws ProtocolException if {@code data} is not exactly one well-formed value
   * @throws ValidationException if it holds a timestamp outside {@code Instant}'s range ({@code
   *     Timestamp is out of range}, as msgspec says)
   */
  public Object decode(byte[] data) {
    return decode(data, 0, data.length, Object.class);
  }

  private MsgpackReader reader(byte[] data, int offset, int length) {
    Objects.requireNonNull(data, "data");
    return new MsgpackReader(data, offset, length, maxNestingDepth);
  }

  private static void checkEnd(MsgpackReader r) {
    if (r.hasMore()) {
      throw new ProtocolException("trailing bytes after the value at offset " + r.consumed());
    }
  }

  private static ProtocolException malformed(String prefix, Throwable e) {
    String detail;
    if (e instanceof org.msgpack.core.MessageInsufficientBufferException) {
      detail = "Input data was truncated";
    } else if (e instanceof org.msgpack.core.MessageSizeException) {
      detail = "declared length exceeds the input (Input data was truncated)";
    } else if (e instanceof StackOverflowError) {
      detail = "nesting too deep";
    } else if (e instanceof ValidationFailure f) {
      detail = f.fullMessage();
    } else if (e.getMessage() != null) {
      detail = e.getMessage();
    } else {
      detail = e.getClass().getSimpleName();
    }
    return new ProtocolException(prefix + detail, e);
  }
}
