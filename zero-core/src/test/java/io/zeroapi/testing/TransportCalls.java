package io.zeroapi.testing;

import io.zeroapi.internal.ClientTransport;
import io.zeroapi.internal.Deadline;
import io.zeroapi.internal.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Calls on a bare client transport, which moves bytes: the argument is packed here with
 * msgpack-core (strings, integers, string maps, nil), independently of the codec under test.
 */
public final class TransportCalls {
  private TransportCalls() {}

  /** Sends {@code argument} ({@code null}: none) with a deadline {@code timeoutMillis} from now. */
  public static CompletableFuture<Reply> call(ClientTransport transport, String function, Object argument, long timeoutMillis) {
    return transport.call(function, argument == null ? null : msgpack(argument), Deadline.after(timeoutMillis));
  }

  /** A MessagePack str. */
  public static byte[] str(String s) {
    return msgpack(s);
  }

  /** A string, an integer, a map of those, or nil as MessagePack. */
  public static byte[] msgpack(Object value) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      pack(packer, value);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pack(MessageBufferPacker packer, Object value) throws IOException {
    if (value == null) {
      packer.packNil();
    } else if (value instanceof String s) {
      packer.packString(s);
    } else if (value instanceof Number n) {
      packer.packLong(n.longValue());
    } else if (value instanceof Map<?, ?> map) {
      packer.packMapHeader(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        pack(packer, e.getKey());
        pack(packer, e.getValue());
      }
    } else {
      throw new IllegalArgumentException("cannot pack " + value.getClass().getName());
    }
  }
}
