package io.zeroapi.internal.tcp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Test helpers: the recorded captures under /wire and raw frame I/O over plain sockets. */
final class Wire {
  private static final HexFormat HEX = HexFormat.of();

  private Wire() {}

  /** The data lines of a capture, decoded (comment lines skipped). */
  static List<byte[]> lines(String name) {
    try (InputStream in = Wire.class.getResourceAsStream("/wire/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no capture " + name);
      }
      List<byte[]> lines = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          lines.add(HEX.parseHex(line));
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The single frame of a one-frame capture. */
  static byte[] frame(String name) {
    return lines(name).getFirst();
  }

  /** Splits back-to-back frames. */
  static List<byte[]> split(byte[] stream) {
    List<byte[]> frames = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(stream);
    while (buf.hasRemaining()) {
      int length = buf.getInt(buf.position());
      byte[] frame = new byte[4 + length];
      buf.get(frame);
      frames.add(frame);
    }
    return frames;
  }

  static byte[] hex(String hex) {
    return HEX.parseHex(hex.replace(" ", ""));
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static int id(byte[] frame) {
    return ByteBuffer.wrap(frame).getInt(4);
  }

  static int flag(byte[] frame) {
    return frame[8] & 0xff;
  }

  static byte[] payload(byte[] frame) {
    return Arrays.copyOfRange(frame, 9, frame.length);
  }

  static byte[] frame(int id, int flag, byte[] payload) {
    return ByteBuffer.allocate(9 + payload.length)
        .putInt(5 + payload.length)
        .putInt(id)
        .put((byte) flag)
        .put(payload)
        .array();
  }

  /** Reads one whole frame (header included); null at a clean end of stream. */
  static byte[] readFrame(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int first = data.read();
    if (first < 0) {
      return null;
    }
    byte[] rest3 = new byte[3];
    data.readFully(rest3);
    int length = ((first & 0xff) << 24) | ((rest3[0] & 0xff) << 16) | ((rest3[1] & 0xff) << 8) | (rest3[2] & 0xff);
    if (length < 5 || length > (1 << 24)) {
      throw new EOFException("bad length " + length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(4 + length);
    out.write(first);
    out.write(rest3);
    byte[] body = new byte[length];
    data.readFully(body);
    out.write(body);
    return out.toByteArray();
  }
}
