package io.zeroapi.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The golden wire captures of the Python original ({@code src/test/resources/wire/*.hex}): one
 * frame per line as lowercase hex, {@code #} lines are comments.
 */
public final class WireCaptures {
  /** Bytes of a raw TCP frame before the payload: u32 length, u32 request id, u8 error flag. */
  public static final int TCP_HEADER_LENGTH = 9;

  private WireCaptures() {}

  /** The frames of a capture file, e.g. {@code frames("tcp_request.hex")}. */
  public static List<byte[]> frames(String fileName) {
    String path = "/wire/" + fileName;
    try (InputStream in = WireCaptures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no capture " + path + " on the class path");
      }
      List<byte[]> frames = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          frames.add(HexFormat.of().parseHex(trimmed));
        }
      }
      return frames;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first frame of a capture file. */
  public static byte[] frame(String fileName) {
    return frames(fileName).get(0);
  }

  /** The MessagePack payload of a raw TCP frame: the bytes after the 9-byte header. */
  public static byte[] payload(byte[] tcpFrame) {
    return Arrays.copyOfRange(tcpFrame, TCP_HEADER_LENGTH, tcpFrame.length);
  }

  /** Parses contiguous hex (spaces allowed), for test vectors. */
  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  /** Formats bytes as lowercase hex. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** The parts one after the other. */
  public static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
