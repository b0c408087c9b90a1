package io.zeroapi.benchmarks.harness;

import io.zeroapi.codec.MsgpackCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * What one call does. Zero clients call the named function with {@link #argument()}; the baselines
 * (raw Netty, raw JeroMQ, grpc-java) send {@link #requestBytes()}, the exact MessagePack envelope a
 * Zero TCP client would send for that call, and get it echoed back.
 */
public enum Workload {
  HELLO("hello", "hello_world", null, true),
  ECHO_1K("echo-1k", "echo", new byte[1024], true),
  ECHO_64K("echo-64k", "echo", new byte[64 * 1024], true),
  REDIS("redis", "save_order", orderRequest(), false);

  private final String label;
  private final String function;
  private final Object argument;
  private final boolean baselines;
  private final byte[] requestBytes;

  Workload(String label, String function, Object argument, boolean baselines) {
    this.label = label;
    this.function = function;
    this.argument = argument;
    this.baselines = baselines;
    if (argument instanceof byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (i * 31 + 7);
      }
    }
    this.requestBytes = envelope(function, MsgpackCodec.create().encode(argument));
  }

  /** {@code {"fn": function, "data": argument}} as the Python client writes it. */
  private static byte[] envelope(String function, byte[] argument) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packMapHeader(2);
      packer.packString("fn");
      packer.packString(function);
      packer.packString("data");
      packer.writePayload(argument);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The original's gateway sends this to its order endpoint. */
  private static Map<String, Object> orderRequest() {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("user_id", "1");
    request.put("items", List.of("apple", "python"));
    return request;
  }

  public String label() {
    return label;
  }

  public String function() {
    return function;
  }

  public Object argument() {
    return argument;
  }

  /** Whether the baselines (grpc-java, raw Netty, raw JeroMQ) run it; they skip Redis. */
  public boolean forBaselines() {
    return baselines;
  }

  /** The request payload a Zero TCP client sends (the {@code {"fn", "data"}} envelope). */
  public byte[] requestBytes() {
    return requestBytes;
  }

  public static Workload parse(String text) {
    for (Workload w : values()) {
      if (w.label.equalsIgnoreCase(text.trim()) || w.name().equalsIgnoreCase(text.trim())) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload " + text);
  }
}
