package io.zeroapi.codec;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** ISO-8601 text exactly as Python's {@code isoformat()} writes it. */
final class IsoTime {
  private IsoTime() {}

  /** {@code YYYY-MM-DD}. */
  public static String format(LocalDate date) {
    StringBuilder sb = new StringBuilder(10);
    appendDate(sb, date);
    return sb.toString();
  }

  /** {@code HH:MM:SS}, plus {@code .ffffff} or {@code .fffffffff} when there is a fraction. */
  public static String format(LocalTime time) {
    StringBuilder sb = new StringBuilder(18);
    appendTime(sb, time);
    return sb.toString();
  }

  /** {@code YYYY-MM-DDTHH:MM:SS[.ffffff]} (naive, no offset). */
  public static String format(LocalDateTime dateTime) {
    StringBuilder sb = new StringBuilder(29);
    appendDate(sb, dateTime.toLocalDate());
    sb.append('T');
    appendTime(sb, dateTime.toLocalTime());
    return sb.toString();
  }

  private static void appendDate(StringBuilder sb, LocalDate date) {
    int year = date.getYear();
    if (year >= 0 && year <= 9999) {
      pad(sb, year, 4);
    } else {
      sb.append(year); // outside Python's range; keep it readable
    }
    sb.append('-');
    pad(sb, date.getMonthValue(), 2);
    sb.append('-');
    pad(sb, date.getDayOfMonth(), 2);
  }

  private static void appendTime(StringBuilder sb, LocalTime time) {
    pad(sb, time.getHour(), 2);
    sb.append(':');
    pad(sb, time.getMinute(), 2);
    sb.append(':');
    pad(sb, time.getSecond(), 2);
    int nanos = time.getNano();
    if (nanos != 0) {
      sb.append('.');
      // Python has microseconds only: 6 digits; Java's extra precision needs 9.
      if (nanos % 1000 == 0) {
        pad(sb, nanos / 1000, 6);
      } else {
        pad(sb, nanos, 9);
      }
    }
  }

  private static void pad(StringBuilder sb, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(digits);
  }
}
