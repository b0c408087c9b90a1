package io.zeroapi.codec;

import io.zeroapi.ProtocolException;
import io.zeroapi.ValidationException;
import io.zeroapi.internal.codec.Decoders;
import io.zeroapi.internal.codec.Encoders;
import io.zeroapi.internal.codec.GrowingArrayOutput;
import io.zeroapi.internal.codec.MsgpackReader;
import io.zeroapi.internal.codec.TypeSupport;
import io.zeroapi.internal.codec.ValidationFailure;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ValueType;

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
 *   <tr><td>{@code UUID}, {@code BigDecimal}</td><td>str</td></tr>
 * </table>
 *
 * <p>Decoding is typed and strict like msgspec ({@code Expected `int`, got `str` - at `$.items[2]`}),
 * with a few lenient cases: ints for floating-point targets, nil for any reference type, enum names
 * for {@code @WireValue} enums, ISO strings for date-times. Records require every component except
 * {@code Optional} ones (which become empty); POJO fields absent from the map keep the values
 * their no-argument constructor gave them; unknown keys are ignored. Malformed or hostile bytes (truncation, lengths
 * beyond the input, nesting beyond {@link Builder#maxNestingDepth}, invalid UTF-8, trailing bytes)
 * raise {@link ProtocolException}.
 */
public final class MsgpackCodec implements Codec {
  private static final MsgpackCodec DEFAULT = new MsgpackCodec(1000);
  private static final MessagePack.PackerConfig PACKER =
      new MessagePack.PackerConfig().withBufferSize(256); // the packer's window size
  private static final byte[] NIL = {(byte) 0xc0};
  private static final String ERROR_PREFIX = "__zerror__";

  private final int maxNestingDepth;
  private final Decoders decoders = new Decoders();
  /** Recently seen function names (see EnvelopeFastPath). */
  private final String[] functionNames = new String[64];

  private MsgpackCodec(int maxNestingDepth) {
    this.maxNestingDepth = maxNestingDepth;
  }

  /** The codec with default settings (nesting depth 1000). */
  public static MsgpackCodec create() {
    return DEFAULT;
  }

  /** Settings for a codec other than the default one. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link MsgpackCodec}. */
  public static final class Builder {
    private int maxNestingDepth = 1000;

    private Builder() {}

    /** Deepest nesting of arrays and maps accepted (decoding) or produced (encoding); default 1000. */
    public Builder maxNestingDepth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("maxNestingDepth must be at least 1: " + depth);
      }
      this.maxNestingDepth = depth;
      return this;
    }

    /** A codec with these settings. */
    public MsgpackCodec build() {
      return new MsgpackCodec(maxNestingDepth);
    }
  }

  @Override
  public void checkSupported(Type type) {
    Objects.requireNonNull(type, "type");
    TypeSupport.check(type);
  }

  // ---- encoding ------------------------------------------------------------------------------

  @Override
  public byte[] encode(Object value) {
    if (value == null) {
      return NIL.clone();
    }
    if (value instanceof String s) {
      byte[] ascii = EnvelopeFastPath.encodeAsciiString(s);
      if (ascii != null) {
        return ascii; // same bytes as the general path, without a packer
      }
    } else if (value instanceof Boolean b) {
      return new byte[] {b ? (byte) 0xc3 : (byte) 0xc2};
    } else if (value instanceof byte[] bytes) {
      return EnvelopeFastPath.encodeBinary(bytes); // one copy instead of three
    }
    GrowingArrayOutput out = new GrowingArrayOutput(64);
    MessagePacker packer = PACKER.newPacker(out);
    write(packer, value);
    return finish(packer, out);
  }

  @Override
  public byte[] encodeRequest(String function, Object argument) {
    Objects.requireNonNull(function, "function");
    byte[] fast = EnvelopeFastPath.encodeRequest(function, argument);
    if (fast != null) {
      return fast; // same bytes as below, without a packer
    }
    GrowingArrayOutput out = new GrowingArrayOutput(64);
    MessagePacker packer = PACKER.newPacker(out);
    try {
      packer.packMapHeader(2);
      Encoders.writeString(packer, "fn");
      Encoders.writeString(packer, function);
      Encoders.writeString(packer, "data");
    } catch (IOException e) {
      throw new IllegalStateException(e); // in-memory buffer
    }
    write(packer, argument);
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
      String ascii = EnvelopeFastPath.decodeAsciiString(data, offset, length);
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

  /** Decodes without a target type (same as {@code decode(..., Object.class)}). */
  public Object decode(byte[] data) {
    return decode(data, 0, data.length, Object.class);
  }

  @Override
  public RequestEnvelope decodeRequest(byte[] data, int offset, int length) {
    Objects.requireNonNull(data, "data");
    RequestEnvelope fast = EnvelopeFastPath.decodeRequest(data, offset, length, maxNestingDepth, functionNames);
    if (fast != null) {
      return fast;
    }
    // Anything unusual (and every malformed input) takes the general path, which says why.
    return decodeRequestGeneral(data, offset, length);
  }

  /** The general envelope reader (package-private for the test comparing it with the fast path). */
  RequestEnvelope decodeRequestGeneral(byte[] data, int offset, int length) {
    MsgpackReader r = reader(data, offset, length);
    String function = null;
    int argumentOffset = 0;
    int argumentLength = 0;
    try {
      if (r.peek().getValueType() != ValueType.MAP) {
        throw new ProtocolException("Request must be a dict");
      }
      int n = r.readMapHeader();
      r.leave(); // the envelope does not count: its argument gets the whole nesting budget
      for (int i = 0; i < n; i++) {
        String key = null;
        if (r.peek().getValueType() == ValueType.STRING) {
          key = r.readString();
        } else {
          r.skipValue();
        }
        if ("fn".equals(key)) {
          // the last "fn" wins (Python dict semantics); a non-string one counts as missing
          function = r.peek().getValueType() == ValueType.STRING ? r.readString() : null;
          if (function == null) {
            r.skipValue();
          }
        } else if ("data".equals(key)) {
          argumentOffset = r.position();
          r.skipValue();
          argumentLength = r.position() - argumentOffset;
        } else {
          r.skipValue();
        }
      }
      checkEnd(r);
    } catch (ProtocolException e) {
      if (e.getMessage().equals("Request must be a dict")) {
        throw e;
      }
      throw malformed("Malformed MessagePack request: ", e);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw malformed("Malformed MessagePack request: ", e);
    }
    if (function == null || function.isEmpty()) {
      throw new ProtocolException("Missing function name");
    }
    if (argumentLength == 0) {
      argumentOffset = offset + length;
    }
    return new RequestEnvelope(function, argumentOffset, argumentLength);
  }

  @Override
  public ErrorReply decodeError(byte[] data, int offset, int length) {
    if (length < 3 || !mayBeError(data, offset, length)) {
      return null; // cheap: only a one-entry map can be an error reply
    }
    MsgpackReader r = reader(data, offset, length);
    try {
      r.readMapHeader();
      if (r.peek().getValueType() != ValueType.STRING) {
        return null;
      }
      String key = r.readString();
      if (!key.startsWith(ERROR_PREFIX)) {
        return null;
      }
      String message;
      if (r.peek().getValueType() == ValueType.STRING) {
        message = r.readString();
      } else {
        Object value = Decoders.readAny(r);
        message = value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value);
      }
      r.leave();
      return r.hasMore() ? null : new ErrorReply(key, message);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return null; // not a well-formed error reply; decoding it as a value will say why
    }
  }

  private static boolean mayBeError(byte[] data, int offset, int length) {
    int first = data[offset] & 0xff;
    if (first == 0x81) {
      return true;
    }
    if (first == 0xde) { // map16 with count 1
      return length >= 4 && data[offset + 1] == 0 && data[offset + 2] == 1;
    }
    if (first == 0xdf) { // map32 with count 1
      return length >= 6
          && data[offset + 1] == 0 && data[offset + 2] == 0 && data[offset + 3] == 0
          && data[offset + 4] == 1;
    }
    return false;
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
