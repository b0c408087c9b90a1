package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The multiplexed pool's choice between the connection in turn and a random one. */
class MultiplexedPoolTest {
  private final ConnectionSlot inTurn = new ConnectionSlot(null);
  private final ConnectionSlot other = new ConnectionSlot(null);

  @Test
  void theConnectionWithFewerCallsInFlightTakesTheCall() {
    assertThat(MultiplexedPool.lessLoaded(inTurn, 1, other, 0)).isSameAs(other);
    assertThat(MultiplexedPool.lessLoaded(inTurn, 0, other, 3)).isSameAs(inTurn);
  }

  @Test
  void onATieTheConnectionInTurnTakesIt() {
    assertThat(MultiplexedPool.lessLoaded(inTurn, 2, other, 2)).isSameAs(inTurn);
    assertThat(MultiplexedPool.lessLoaded(inTurn, 0, other, 0)).isSameAs(inTurn);
  }

  @Test
  void withFewConnectionsACallTakesTheFirstIdleOneFromTheTurnsPositionElseTheLeastLoaded() {
    int[] calls = {1, 0, 2, 0};
    assertThat(MultiplexedPool.firstIdleOrLeastLoaded(0, 4, i -> calls[i])).isEqualTo(1);
    assertThat(MultiplexedPool.firstIdleOrLeastLoaded(2, 4, i -> calls[i])).isEqualTo(3);
    int[] busy = {3, 1, 2, 1};
    assertThat(MultiplexedPool.firstIdleOrLeastLoaded(2, 4, i -> busy[i])).isEqualTo(3);
    assertThat(MultiplexedPool.firstIdleOrLeastLoaded(0, 4, i -> busy[i])).isEqualTo(1);
  }
}
