package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import io.zeroapi.internal.CallThreads;
import org.junit.jupiter.api.Test;

/** Over raw TCP, with the default executor: calls start on the event loop that read them. */
class TcpWhereFunctionsRunTest extends AbstractWhereFunctionsRunTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }

  /** The tests run with --add-opens java.base/java.lang (the root POM): else they would test the fallback. */
  @Test
  void callsAreScheduledOnTheEventLoopsInTheseTests() {
    assertThat(CallThreads.ioThreadSchedulingUnavailable()).isNull();
    assertThat(new CallThreads(true).onIoThreads()).isTrue();
  }
}
