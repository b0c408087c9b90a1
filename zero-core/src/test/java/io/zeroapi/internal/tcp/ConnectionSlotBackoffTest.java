package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reconnection back-off's schedule: quick first steps, so that a restarted server is found soon. */
class ConnectionSlotBackoffTest {
  private static final long CAP = 2_000;

  @Test
  void theFirstSecondIsTriedEvery50Milliseconds() {
    long waited = 0;
    for (int failures = 1; failures <= ConnectionSlot.QUICK_ATTEMPTS; failures++) {
      assertThat(ConnectionSlot.backoffMillis(failures, CAP)).isEqualTo(50);
      waited += ConnectionSlot.backoffMillis(failures, CAP);
    }
    assertThat(waited).isEqualTo(1_000);
  }

  @Test
  void thenItDoublesFrom100UpToTheCap() {
    int first = ConnectionSlot.QUICK_ATTEMPTS + 1;
    assertThat(ConnectionSlot.backoffMillis(first, CAP)).isEqualTo(100);
    assertThat(ConnectionSlot.backoffMillis(first + 1, CAP)).isEqualTo(200);
    assertThat(ConnectionSlot.backoffMillis(first + 2, CAP)).isEqualTo(400);
    assertThat(ConnectionSlot.backoffMillis(first + 4, CAP)).isEqualTo(1_600);
    assertThat(ConnectionSlot.backoffMillis(first + 5, CAP)).isEqualTo(CAP);
    assertThat(ConnectionSlot.backoffMillis(Integer.MAX_VALUE, CAP)).isEqualTo(CAP); // no overflow
  }

  @Test
  void aCapBelowTheQuickStepWins() {
    assertThat(ConnectionSlot.backoffMillis(1, 10)).isEqualTo(10);
    assertThat(ConnectionSlot.backoffMillis(ConnectionSlot.QUICK_ATTEMPTS + 3, 10)).isEqualTo(10);
  }
}
