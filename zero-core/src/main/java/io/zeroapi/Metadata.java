package io.zeroapi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-call metadata: a few string keys and values that travel with a call besides its argument (an
 * authentication token, a trace context, a tenant), in the spirit of HTTP headers. A client sends
 * it with {@link ZeroClient#withMetadata(Metadata)} or a {@link ClientInterceptor}; a function or a
 * {@link ServerInterceptor} reads it from {@link ServerCall#metadata()}.
 *
 * <p>Keys are 1 to {@value #MAX_KEY_LENGTH} characters of {@code a-z 0-9 - _ .} (lower case, like
 * HTTP/2 header names); values are at most {@value #MAX_VALUE_LENGTH} characters; a call carries at
 * most {@value #MAX_ENTRIES} entries. A Python Zero server never sees metadata: the client sends it
 * only to servers that said they read it (docs/metadata.md has the wire format).
 *
 * <p>Thread safety: immutable; {@link #with} returns a new instance.
 */
public final class Metadata {
  /** Longest key, in characters. */
  public static final int MAX_KEY_LENGTH = 64;

  /** Longest value, in characters. */
  public static final int MAX_VALUE_LENGTH = 4096;

  /** Most entries one call carries. */
  public static final int MAX_ENTRIES = 32;

  /** The key of a bearer token: {@code authorization}, value {@code Bearer <token>}. */
  public static final String AUTHORIZATION = "authorization";

  /** The key of a W3C trace context's {@code traceparent}. */
  public static final String TRACEPARENT = "traceparent";

  /** The key of a W3C trace context's {@code tracestate}. */
  public static final String TRACESTATE = "tracestate";

  private static final Metadata EMPTY = new Metadata(Map.of());

  private final Map<String, String> entries;

  private Metadata(Map<String, String> entries) {
    this.entries = entries;
  }

  /**
   * No metadata.
   *
   * @return the empty metadata
   */
  public static Metadata empty() {
    return EMPTY;
  }

  /**
   * Metadata with one entry.
   *
   * @param key the key
   * @param value the value
   * @return the metadata
   * @throws IllegalArgumentException if the key or the value breaks the rules above
   */
  public static Metadata of(String key, String value) {
    return EMPTY.with(key, value);
  }

  /**
   * Metadata with the entries of {@code map}, in its iteration order.
   *
   * @param map the entries
   * @return the metadata
   * @throws IllegalArgumentException if a key or a value breaks the rules above, or there are too
   *     many entries
   */
  public static Metadata of(Map<String, String> map) {
    if (map.isEmpty()) {
      return EMPTY;
    }
    if (map.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("a call carries at most " + MAX_ENTRIES + " metadata entries; got " + map.size());
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      checkEntry(e.getKey(), e.getValue());
      copy.put(e.getKey(), e.getValue());
    }
    return new Metadata(Collections.unmodifiableMap(copy));
  }

  /**
   * This metadata with {@code key} set to {@code value} (replacing an earlier value).
   *
   * @param key the key
   * @param value the value
   * @return the new metadata
   * @throws IllegalArgumentException if the key or the value breaks the rules above, or there would
   *     be more than {@value #MAX_ENTRIES} entries
   */
  public Metadata with(String key, String value) {
    checkEntry(key, value);
    if (!entries.containsKey(key) && entries.size() >= MAX_ENTRIES) {
      throw new IllegalArgumentException("a call carries at most " + MAX_ENTRIES + " metadata entries");
    }
    Map<String, String> copy = new LinkedHashMap<>(entries);
    copy.put(key, value);
    return new Metadata(Collections.unmodifiableMap(copy));
  }

  /**
   * This metadata with every entry of {@code other} added (its values win).
   *
   * @param other the entries to add
   * @return the new metadata
   * @throws IllegalArgumentException if there would be more than {@value #MAX_ENTRIES} entries
   */
  public Metadata with(Metadata other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    Metadata result = this;
    for (Map.Entry<String, String> e : other.entries.entrySet()) {
      result = result.with(e.getKey(), e.getValue());
    }
    return result;
  }

  /**
   * The value of {@code key}.
   *
   * @param key the key
   * @return the value, or {@code null} when there is none
   */
  public String get(String key) {
    return entries.get(key);
  }

  /**
   * Whether there is no entry.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The entries.
   *
   * @return the entries, unmodifiable, in the order they were added
   */
  public Map<String, String> asMap() {
    return entries;
  }

  private static void checkEntry(String key, String value) {
    checkKey(key);
    Objects.requireNonNull(value, "value");
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(
          "metadata value of `" + key + "` is " + value.length() + " characters; at most " + MAX_VALUE_LENGTH);
    }
  }

  /**
   * Checks a key against the rules above.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("metadata key must be 1-" + MAX_KEY_LENGTH + " characters: `" + key + "`");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
        throw new IllegalArgumentException("metadata key `" + key + "` has `" + c
            + "`; keys are lower-case letters, digits, '-', '_' and '.'");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** The keys and values, with the value of {@value #AUTHORIZATION} hidden. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(e.getKey()).append('=').append(e.getKey().equals(AUTHORIZATION) ? "<hidden>" : e.getValue());
    }
    return out.append('}').toString();
  }
}
