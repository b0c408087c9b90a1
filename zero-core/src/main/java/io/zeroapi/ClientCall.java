package io.zeroapi;

import java.time.Duration;

/**
 * A call as a {@link ClientInterceptor} sees it before it is sent: the function's name, its
 * argument, its metadata and its timeout. Interceptors add metadata with {@link #withMetadata}.
 *
 * <p>Thread safety: immutable.
 */
public interface ClientCall {
  /**
   * The function's name.
   *
   * @return the name
   */
  String function();

  /**
   * The argument as the caller gave it, before encoding.
   *
   * @return the argument; {@code null} for none
   */
  Object argument();

  /**
   * The metadata the call will carry.
   *
   * @return the metadata
   */
  Metadata metadata();

  /**
   * How long the caller waits for the reply.
   *
   * @return the call's timeout
   */
  Duration timeout();

  /**
   * This call with {@code key} set to {@code value} in its metadata.
   *
   * @param key the key
   * @param value the value
   * @return the new call
   * @throws IllegalArgumentException if the entry breaks {@link Metadata}'s rules
   */
  ClientCall withMetadata(String key, String value);
}
