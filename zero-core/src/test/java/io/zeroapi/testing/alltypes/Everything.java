package io.zeroapi.testing.alltypes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every scalar, container and nested type the codec maps, as one record.
 *
 * @param flag a boolean
 * @param tiny a byte
 * @param small a short
 * @param i an int
 * @param big a long
 * @param huge a BigInteger
 * @param ratio a float
 * @param precise a double
 * @param letter a char
 * @param text a String
 * @param blob bytes
 * @param at an Instant
 * @param local a LocalDateTime
 * @param day a LocalDate
 * @param time a LocalTime
 * @param id a UUID
 * @param amount a BigDecimal
 * @param note an optional String
 * @param tags a list
 * @param ids a set
 * @param scores a map with string keys
 * @param names a map with integer keys
 * @param color an enum
 * @param priority an integer-valued enum
 * @param home a nested record
 * @param history a list of records
 * @param clock an OffsetTime (a time of day with its offset)
 */
public record Everything(
    boolean flag,
    byte tiny,
    short small,
    int i,
    long big,
    BigInteger huge,
    float ratio,
    double precise,
    char letter,
    String text,
    byte[] blob,
    Instant at,
    LocalDateTime local,
    LocalDate day,
    LocalTime time,
    UUID id,
    BigDecimal amount,
    Optional<String> note,
    List<String> tags,
    Set<Integer> ids,
    Map<String, Double> scores,
    Map<Integer, String> names,
    Color color,
    Priority priority,
    Address home,
    List<Address> history,
    OffsetTime clock) {

  @Override
  public boolean equals(Object o) { // byte[] compares by content
    return o instanceof Everything e && flag == e.flag && tiny == e.tiny && small == e.small && i == e.i && big == e.big
        && huge.equals(e.huge) && ratio == e.ratio && precise == e.precise && letter == e.letter && text.equals(e.text)
        && Arrays.equals(blob, e.blob) && at.equals(e.at) && local.equals(e.local) && day.equals(e.day)
        && time.equals(e.time) && id.equals(e.id) && amount.equals(e.amount) && note.equals(e.note) && tags.equals(e.tags)
        && ids.equals(e.ids) && scores.equals(e.scores) && names.equals(e.names) && color == e.color
        && priority == e.priority && home.equals(e.home) && history.equals(e.history) && clock.equals(e.clock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(i, text, id);
  }
}
