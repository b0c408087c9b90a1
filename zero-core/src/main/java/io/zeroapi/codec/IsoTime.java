package io.zeroapi.codec;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.YearMonth;

/**
 * ISO-8601 text exactly as Python's {@code isoformat()} writes it, and RFC 3339 text read exactly as
 * msgspec reads it: {@code YYYY-MM-DD} for a date; {@code HH:MM:SS} (seconds required) with an
 * optional fraction of at least one digit and an optional offset ({@code Z}, {@code z}, {@code +HH:MM},
 * {@code +HHMM}) for a time; a date, a separator ({@code T}, {@code t} or a space) and a time for a
 * date-time. Java keeps up to nanoseconds of the fraction (digits beyond the ninth are ignored), where
 * Python rounds to microseconds.
 */
final class IsoTime {
  private IsoTime() {}

  /** A parsed time of day and its offset in seconds, or {@code null} offset for a naive time. */
  record Time(LocalTime time, Integer offsetSeconds) {}

  /** A parsed date-time and its offset in seconds, or {@code null} offset for a naive date-time. */
  record DateTime(LocalDateTime dateTime, Integer offsetSeconds) {}

  private static final LocalDateTime LAST_MICROSECOND = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_499);

  /** {@code YYYY-MM-DD} and nothing else, or null. */
  static LocalDate parseDate(String s) {
    return s.length() == 10 ? date(s, 0) : null;
  }

  /** A time as msgspec accepts it, or null. */
  static Time parseTime(String s) {
    return time(s, 0);
  }

  /** A date-time as msgspec accepts it, or null. */
  static DateTime parseDateTime(String s) {
    if (s.length() < 19) {
      return null;
    }
    LocalDate date = date(s, 0);
    char separator = s.charAt(10);
    if (date == null || separator != 'T' && separator != 't' && separator != ' ') {
      return null;
    }
    Time time = time(s, 11);
    if (time == null) {
      return null;
    }
    LocalDateTime dateTime = LocalDateTime.of(date, time.time());
    if (dateTime.isAfter(LAST_MICROSECOND)) {
      return null; // Python rounds this up to microseconds, beyond its year 9999, and refuses it
    }
    return new DateTime(dateTime, time.offsetSeconds());
  }

  /** The offset as Java holds it, or null when it is beyond Java's ±18:00. */
  static ZoneOffset offset(int seconds) {
    return Math.abs(seconds) > 18 * 3600 ? null : ZoneOffset.ofTotalSeconds(seconds);
  }

  private static LocalDate date(String s, int at) {
    int year = digits(s, at, 4);
    int month = digits(s, at + 5, 2);
    int day = digits(s, at + 8, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-') {
      return null;
    }
    if (day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    return LocalDate.of(year, month, day);
  }

  private static Time time(String s, int at) {
    int n = s.length();
    int hour = digits(s, at, 2);
    int minute = digits(s, at + 3, 2);
    int second = digits(s, at + 6, 2);
    if (hour < 0 || minute < 0 || second < 0 || s.charAt(at + 2) != ':' || s.charAt(at + 5) != ':'
        || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int i = at + 8;
    int nanos = 0;
    Integer offset = null;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int count = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (count < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        count++;
        i++;
      }
      if (count == 0) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (i < n) {
      char c = s.charAt(i++);
      if (c == 'Z' || c == 'z') {
        offset = 0;
      } else if (c == '+' || c == '-') {
        int hours = digits(s, i, 2);
        i += 2;
        if (i < n && s.charAt(i) == ':') {
          i++;
        }
        int minutes = digits(s, i, 2);
        i += 2;
        if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) {
          return null;
        }
        offset = (c == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
      } else {
        return null;
      }
      if (i != n) {
        return null;
      }
    }
    return new Time(LocalTime.of(hour, minute, second, nanos), offset);
  }

  /** The value of {@code count} ASCII digits at {@code at}, or -1. */
  private static int digits(String s, int at, int count) {
    if (at < 0 || at + count > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = at; i < at + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** {@code HH:MM:SS[.ffffff]} and the offset as msgspec writes it: {@code Z} for UTC, else {@code +HH:MM}. */
  public static String format(OffsetTime time) {
    StringBuilder sb = new StringBuilder(24);
    appendTime(sb, time.toLocalTime());
    appendOffset(sb, time.getOffset());
    return sb.toString();
  }

  private static void appendOffset(StringBuilder sb, ZoneOffset offset) {
    int total = offset.getTotalSeconds();
    if (total == 0) {
      sb.append('Z');
      return;
    }
    sb.append(total < 0 ? '-' : '+');
    total = Math.abs(total);
    pad(sb, total / 3600, 2);
    sb.append(':');
    pad(sb, total / 60 % 60, 2);
    if (total % 60 != 0) {
      sb.append(':');
      pad(sb, total % 60, 2);
    }
  }

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
