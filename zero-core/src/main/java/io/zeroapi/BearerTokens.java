package io.zeroapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Bearer-token authentication for both transports: a {@link ClientInterceptor} that sends a token
 * as the metadata {@code authorization: Bearer <token>}, and a {@link ServerInterceptor} that
 * refuses, with {@link UnauthenticatedException}, every call without one of the accepted tokens
 * (before the argument is decoded, and before the caller learns whether the function exists).
 *
 * <pre>{@code
 * ZeroServer server = ZeroServer.builder().intercept(BearerTokens.server(List.of(token))).build();
 * ZeroClient client = ZeroClient.builder("localhost", 5559).intercept(BearerTokens.client(token)).build();
 * }</pre>
 *
 * <p>The token travels in the clear unless the transport is encrypted: use TLS on raw TCP or
 * CURVE on ZeroMQ. Python Zero clients cannot send metadata, so they cannot call a server that
 * requires a token.
 *
 * <p>Thread safety: the interceptors are immutable and thread-safe.
 */
public final class BearerTokens {
  private static final String SCHEME = "Bearer ";

  private BearerTokens() {}

  /**
   * A client interceptor that sends {@code token} with every call.
   *
   * @param token the token: printable ASCII without spaces, at most 4 KiB
   * @return the interceptor
   * @throws IllegalArgumentException if the token is empty or has other characters
   */
  public static ClientInterceptor client(String token) {
    String value = SCHEME + checkToken(token);
    return (call, next) -> next.proceed(call.withMetadata(Metadata.AUTHORIZATION, value));
  }

  /**
   * A server interceptor that accepts calls carrying one of {@code tokens} (compared in constant
   * time) and refuses the others.
   *
   * @param tokens the accepted tokens (several while one is being rotated)
   * @return the interceptor
   * @throws IllegalArgumentException if there is no token or one is malformed
   */
  public static ServerInterceptor server(Collection<String> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("BearerTokens.server needs at least one token");
    }
    List<byte[]> accepted = tokens.stream().map(t -> checkToken(t).getBytes(StandardCharsets.US_ASCII)).toList();
    return (call, next) -> {
      String header = call.metadata().get(Metadata.AUTHORIZATION);
      if (header == null) {
        return CompletableFuture.failedFuture(new UnauthenticatedException(
            "the call carries no bearer token (metadata `authorization`)"));
      }
      if (!header.startsWith(SCHEME)) {
        return CompletableFuture.failedFuture(new UnauthenticatedException(
            "the `authorization` metadata is not a bearer token (`Bearer <token>`)"));
      }
      byte[] presented = header.substring(SCHEME.length()).getBytes(StandardCharsets.US_ASCII);
      boolean match = false;
      for (byte[] token : accepted) {
        match |= MessageDigest.isEqual(token, presented); // no early exit: constant time per token
      }
      if (!match) {
        return CompletableFuture.failedFuture(new UnauthenticatedException("the bearer token is not accepted"));
      }
      return next.proceed();
    };
  }

  private static String checkToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isEmpty() || token.length() > Metadata.MAX_VALUE_LENGTH - SCHEME.length()) {
      throw new IllegalArgumentException("a bearer token must be 1-" + (Metadata.MAX_VALUE_LENGTH - SCHEME.length())
          + " characters");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new IllegalArgumentException("a bearer token is printable ASCII without spaces; it has a character "
            + (int) c + " at index " + i);
      }
    }
    return token;
  }
}
