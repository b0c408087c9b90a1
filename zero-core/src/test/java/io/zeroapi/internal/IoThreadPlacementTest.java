package io.zeroapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IoThreadPlacementTest {
  private static final long LONG = CallThreads.HOLD_LIMIT_NANOS + 1;
  private static final long SHORT = CallThreads.HOLD_LIMIT_NANOS;
  private static final long SECOND = IoThreadPlacement.FIRST_PERIOD_NANOS;

  @Test
  void oneLongCallAloneMovesNothing() {
    IoThreadPlacement placement = new IoThreadPlacement();
    assertThat(placement.record(LONG, 0)).isZero();
    assertThat(placement.record(SHORT, 1)).isZero();
    assertThat(placement.record(LONG, 2)).isZero();
    assertThat(placement.offIoThread(3)).isFalse();
  }

  @Test
  void twoLongCallsInARowMoveTheFunctionOffForAPeriodThatDoublesEachTime() {
    IoThreadPlacement placement = new IoThreadPlacement();
    long now = 1_000;
    placement.record(LONG, now);
    assertThat(placement.record(LONG, now)).isEqualTo(SECOND);
    assertThat(placement.offIoThread(now + SECOND - 1)).isTrue();
    assertThat(placement.offIoThread(now + SECOND)).isFalse();

    now += SECOND;
    placement.record(LONG, now);
    assertThat(placement.record(LONG, now)).isEqualTo(2 * SECOND);
    assertThat(placement.offIoThread(now + 2 * SECOND - 1)).isTrue();
    now += 2 * SECOND;
    placement.record(LONG, now);
    assertThat(placement.record(LONG, now)).isEqualTo(4 * SECOND);
  }

  @Test
  void thePeriodStopsDoublingAtAboutAnHour() {
    IoThreadPlacement placement = new IoThreadPlacement();
    long period = 0;
    for (int i = 0; i < 40; i++) {
      placement.record(LONG, 0);
      period = placement.record(LONG, 0);
    }
    assertThat(period).isEqualTo(SECOND << IoThreadPlacement.MAX_DOUBLINGS);
  }

  @Test
  void aNanoTimeThatWrapsAroundIsHandled() {
    IoThreadPlacement placement = new IoThreadPlacement();
    long now = Long.MAX_VALUE - 10;
    placement.record(LONG, now);
    placement.record(LONG, now);
    assertThat(placement.offIoThread(now + 20)).isTrue(); // wrapped, still within the period
  }
}
