package io.zeroapi.testing.alltypes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Example values of the {@link AllTypesApi} types, for round-trip checks. */
public final class AllTypes {
  private AllTypes() {}

  /** An {@link Everything} with every field set (the note present). */
  public static Everything sample() {
    return sample(42);
  }

  /** The sample with {@code i} as its int. */
  public static Everything sample(int i) {
    return new Everything(true, (byte) -7, (short) 1234, i, 9_000_000_000L, new BigInteger("18446744073709551615"),
        1.5f, 2.25, 'z', "héllo", new byte[] {0, 1, (byte) 0xff}, Instant.parse("2024-01-02T03:04:05.123456Z"),
        LocalDateTime.parse("2024-01-02T03:04:05"), LocalDate.parse("2024-01-02"), LocalTime.parse("03:04:05"),
        UUID.fromString("12345678-1234-5678-1234-567812345678"), new BigDecimal("12.50"), Optional.of("a note"),
        List.of("a", "b"), Set.of(3), Map.of("x", 0.5), Map.of(7, "seven"), Color.GREEN, Priority.HIGH,
        new Address("Main St 1", Optional.empty()), List.of(new Address("Old Rd 2", Optional.of("4B"))),
        OffsetTime.parse("10:00:00+02:00"));
  }

  /** A tree of three nodes, two levels deep. */
  public static Node tree() {
    return new Node("root", List.of(new Node("left", List.of()), new Node("right", List.of(new Node("leaf", List.of())))));
  }
}
