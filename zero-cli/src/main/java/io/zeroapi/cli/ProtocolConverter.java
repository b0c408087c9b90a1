package io.zeroapi.cli;

import io.zeroapi.Protocol;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --protocol tcp}: any case; the choices are whatever {@link Protocol#values()} holds. */
public final class ProtocolConverter implements ITypeConverter<Protocol> {
  @Override
  public Protocol convert(String value) {
    try {
      return Protocol.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** The lower-case protocol names, for usage help and completion. */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Protocol.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).iterator();
    }
  }

  /** How the command line and the demo write a protocol: {@code tcp}. */
  public static String name(Protocol protocol) {
    return protocol.name().toLowerCase(Locale.ROOT);
  }
}
