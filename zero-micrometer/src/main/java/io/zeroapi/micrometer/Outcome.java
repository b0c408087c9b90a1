package io.zeroapi.micrometer;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.ServerUnavailableException;
import io.zeroapi.TooManyPendingCallsException;
import io.zeroapi.UnauthenticatedException;
import io.zeroapi.ValidationException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a call ended, as the {@code outcome} tag says it: one value per kind of exception. */
enum Outcome {
  OK("ok"),
  ERROR("error"),
  INVALID("invalid"),
  NOT_FOUND("not_found"),
  UNAUTHENTICATED("unauthenticated"),
  REFUSED("refused"),
  TIMEOUT("timeout");

  private static final Outcome[] ALL = values();

  final String tag;

  Outcome(String tag) {
    this.tag = tag;
  }

  static int count() {
    return ALL.length;
  }

  static Outcome of(Throwable failure) {
    if (failure == null) {
      return OK;
    }
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof InvocationTargetException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ValidationException) {
      return INVALID;
    }
    if (t instanceof FunctionNotFoundException) {
      return NOT_FOUND;
    }
    if (t instanceof UnauthenticatedException) {
      return UNAUTHENTICATED;
    }
    if (t instanceof ServerUnavailableException || t instanceof TooManyPendingCallsException) {
      return REFUSED;
    }
    if (t instanceof CallTimeoutException) {
      return TIMEOUT;
    }
    return ERROR;
  }
}
