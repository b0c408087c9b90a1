package io.zeroapi.benchmarks.harness;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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

  /** A stream that tells its length, so grpc-java can size the frame without copying through a buffer. */
  private static final class Stream extends ByteArrayInputStream implements KnownLength {
    Stream(byte[] bytes) {
      super(bytes);
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
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
