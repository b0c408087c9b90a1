package io.zeroapi.codec;

import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * A msgpack-core output into one growing array, for encoding a single value: unlike {@code
 * ArrayBufferOutput} it keeps no list of chunks and copies once at the end. The packer writes into
 * a window of the array handed out by {@link #next}; it never uses a window after {@link
 * #writeBuffer} or {@link #write} (it flushes first), so growing the array then is safe. Not
 * thread-safe: one per encode call.
 */
final class GrowingArrayOutput implements MessageBufferOutput {
  private byte[] array;
  private int size;

  public GrowingArrayOutput(int initialCapacity) {
    this.array = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int more) {
    if (array.length - size < more) {
      long wanted = Math.max((long) array.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        wanted = (long) size + more;
        if (wanted > Integer.MAX_VALUE - 16) {
          throw new OutOfMemoryError("encoded value too large: " + wanted + " bytes");
        }
      }
      array = Arrays.copyOf(array, (int) wanted);
    }
  }

  @Override
  public MessageBuffer next(int minimumSize) {
    ensure(minimumSize);
    return MessageBuffer.wrap(array, size, array.length - size);
  }

  @Override
  public void writeBuffer(int length) {
    size += length;
  }

  @Override
  public void write(byte[] buffer, int offset, int length) {
    ensure(length);
    System.arraycopy(buffer, offset, array, size, length);
    size += length;
  }

  @Override
  public void add(byte[] buffer, int offset, int length) {
    write(buffer, offset, length);
  }

  /** The bytes written (call after the packer's flush). */
  public byte[] toByteArray() {
    return Arrays.copyOf(array, size);
  }

  @Override
  public void close() {}

  @Override
  public void flush() {}
}
