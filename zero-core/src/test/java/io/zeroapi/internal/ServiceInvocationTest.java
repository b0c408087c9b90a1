package io.zeroapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.RegistrationException;
import io.zeroapi.Rpc;
import io.zeroapi.codec.Codec;
import io.zeroapi.codec.MsgpackCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Running the {@link Rpc} methods of a registered service: directly through their invokers, and
 * through the dispatcher in memory. No network.
 */
class ServiceInvocationTest {
  /** A checked exception the service declares and throws. */
  static final class OutOfStock extends Exception {
    OutOfStock(String message) {
      super(message);
    }
  }

  public static final class Service {
    final List<String> seen = new ArrayList<>();

    @Rpc
    public int square(int x) {
      return x * x;
    }

    @Rpc
    public long twice(long x) {
      return 2 * x;
    }

    @Rpc
    public boolean negate(boolean b) {
      return !b;
    }

    @Rpc
    public void record(String value) {
      seen.add(value);
    }

    @Rpc
    public void ping() {
      seen.add("ping");
    }

    @Rpc
    public String hello() {
      return "hello";
    }

    @Rpc
    public String reserve(String item) throws OutOfStock {
      throw new OutOfStock("no " + item + " left");
    }

    @Rpc
    public String read() throws IOException {
      throw new IOException("disk gone");
    }

    @Rpc
    public String fail(String message) {
      throw new IllegalStateException(message);
    }

    @Rpc
    public CompletionStage<Integer> length(String s) {
      return CompletableFuture.completedFuture(s.length());
    }
  }

  public static final class StaticMethod {
    @Rpc
    public static String shout(String s) {
      return s.toUpperCase();
    }
  }

  private final Codec codec = MsgpackCodec.create();
  private final FunctionRegistry registry = new FunctionRegistry(codec);
  private final Executor direct = Runnable::run;
  private final Dispatcher dispatcher = new Dispatcher(registry, codec, direct);
  private final Service service = new Service();

  ServiceInvocationTest() {
    registry.addService(service);
  }

  private Object invoke(String name, Object argument) throws Exception {
    return registry.lookup(name).invoker().invoke(argument);
  }

  record Reply(byte[] payload, boolean error) {}

  private Reply dispatch(String name, Object argument) {
    List<Reply> replies = new ArrayList<>();
    byte[] encoded = codec.encode(argument);
    dispatcher.handle(new IncomingCall() {
      {
        request(name, encoded, 0, encoded.length);
      }

      @Override
      public void reply(byte[] payload, boolean error) {
        replies.add(new Reply(payload, error));
      }
    });
    assertThat(replies).hasSize(1);
    return replies.get(0);
  }

  private ErrorReplies.ErrorReply error(Reply reply) {
    assertThat(reply.error()).isTrue();
    return ErrorReplies.parse(reply.payload(), codec);
  }

  @Test
  void primitiveParametersAndResultsAreUnboxedAndBoxed() throws Exception {
    assertThat(invoke("square", 12)).isEqualTo(144);
    assertThat(invoke("twice", 21L)).isEqualTo(42L);
    assertThat(invoke("negate", true)).isEqualTo(false);
    assertThat(registry.lookup("square").argumentType()).isEqualTo(int.class);
    assertThat(registry.lookup("square").returnType()).isEqualTo(int.class);

    Reply reply = dispatch("square", 12);
    assertThat(reply.error()).isFalse();
    assertThat(codec.decode(reply.payload(), 0, reply.payload().length, Integer.class)).isEqualTo(144);
  }

  @Test
  void nullForAPrimitiveParameterIsAValidationError() throws Exception {
    // The codec refuses null for int before the method is reached.
    ErrorReplies.ErrorReply error = error(dispatch("square", null));
    assertThat(error.key()).isEqualTo(ErrorKeys.VALIDATION_ERROR);
    assertThat(error.message()).contains("got `None`");
    // Called directly, the invoker throws what MethodHandle unboxing of null throws, as before.
    assertThatThrownBy(() -> invoke("square", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> invoke("square", "12")).isInstanceOf(ClassCastException.class);
  }

  @Test
  void voidMethodsReturnNull() throws Exception {
    assertThat(invoke("record", "a")).isNull();
    assertThat(invoke("ping", null)).isNull();
    assertThat(service.seen).containsExactly("a", "ping");

    Reply reply = dispatch("record", "b");
    assertThat(reply.error()).isFalse();
    assertThat(codec.decode(reply.payload(), 0, reply.payload().length, Object.class)).isNull();
    assertThat(service.seen).containsExactly("a", "ping", "b");
  }

  @Test
  void methodsWithoutParameterIgnoreTheArgument() throws Exception {
    assertThat(invoke("hello", null)).isEqualTo("hello");
    assertThat(registry.lookup("hello").takesArgument()).isFalse();
  }

  @Test
  void exceptionsReachTheCallerUnchanged() {
    assertThatThrownBy(() -> invoke("reserve", "apples"))
        .isExactlyInstanceOf(OutOfStock.class)
        .hasMessage("no apples left");
    assertThatThrownBy(() -> invoke("read", null))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("disk gone");
    assertThatThrownBy(() -> invoke("fail", "boom"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("boom");

    assertThat(error(dispatch("reserve", "pears")))
        .isEqualTo(new ErrorReplies.ErrorReply(ErrorKeys.SERVER_EXCEPTION, "OutOfStock('no pears left')"));
    assertThat(error(dispatch("fail", "kaput")))
        .isEqualTo(new ErrorReplies.ErrorReply(ErrorKeys.SERVER_EXCEPTION, "IllegalStateException('kaput')"));
  }

  @Test
  void completionStagesAreAsync() throws Exception {
    RegisteredFunction length = registry.lookup("length");
    assertThat(length.async()).isTrue();
    assertThat(((CompletionStage<?>) length.invoker().invoke("four")).toCompletableFuture().join()).isEqualTo(4);

    Reply reply = dispatch("length", "seven!!");
    assertThat(reply.error()).isFalse();
    assertThat(codec.decode(reply.payload(), 0, reply.payload().length, Integer.class)).isEqualTo(7);
  }

  @Test
  void staticMethodsAreRefused() {
    assertThatThrownBy(() -> registry.addService(new StaticMethod()))
        .isInstanceOf(RegistrationException.class)
        .hasMessageContaining("`shout`")
        .hasMessageContaining("is static");
  }
}
