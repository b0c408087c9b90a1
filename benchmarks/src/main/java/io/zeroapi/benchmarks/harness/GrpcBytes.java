package io.zeroapi.benchmarks.harness;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** The grpc-java side: one unary method carrying raw bytes through a {@code Marshaller<byte[]>}, no protobuf. */
final class GrpcBytes {
  static final String SERVICE = "zero.bench.Echo";

  static final MethodDescriptor<byte[], byte[]> METHOD =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Call"))
          .setRequestMarshaller(new Marshaller())
          .setResponseMarshaller(new Marshaller())
          .build();

  private GrpcBytes() {}

  /**
   * A stream that tells its length and drains itself in one write, as protobuf's marshaller does:
   * without it grpc-java copies through a fresh 8 KiB buffer per message.
   */
  private static final class Stream extends ByteArrayInputStream implements KnownLength, Drainable {
    Stream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }

  private static final class Marshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new Stream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        if (stream instanceof KnownLength) { // grpc-java's inbound messages know their size: one exact read
          byte[] bytes = new byte[stream.available()];
          int read = stream.readNBytes(bytes, 0, bytes.length);
          if (read == bytes.length && stream.read() == -1) {
            return bytes;
          }
          byte[] rest = stream.readAllBytes();
          byte[] all = java.util.Arrays.copyOf(bytes, read + rest.length);
          System.arraycopy(rest, 0, all, read, rest.length);
          return all;
        }
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
