package io.zeroapi.internal.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

  private static List<Long> due(Deadlines deadlines, long now) {
    List<Long> ids = new ArrayList<>();
    deadlines.pollDue(now, ids::add);
    return ids;
  }

  @Test
  void inOrderDeadlinesComeOutInOrderAndOnlyWhenDue() {
    Deadlines deadlines = new Deadlines();
    assertThat(deadlines.isEmpty()).isTrue();
    for (long i = 0; i < 5_000; i++) { // grows past the initial capacity
      deadlines.add(i, 1_000 + i);
    }
    assertThat(deadlines.nextDeadline()).isEqualTo(1_000);
    assertThat(due(deadlines, 999)).isEmpty();
    assertThat(due(deadlines, 1_002)).containsExactly(0L, 1L, 2L);
    assertThat(deadlines.nextDeadline()).isEqualTo(1_003);
    assertThat(due(deadlines, 10_000)).hasSize(4_997);
    assertThat(deadlines.isEmpty()).isTrue();
  }

  @Test
  void anEarlierDeadlineIsMergedInDeadlineOrder() {
    Deadlines deadlines = new Deadlines();
    deadlines.add(1, 100);
    deadlines.add(2, 300);
    deadlines.add(3, 50); // a shorter timeout after longer ones
    deadlines.add(4, 200);
    assertThat(deadlines.nextDeadline()).isEqualTo(50);
    assertThat(due(deadlines, 250)).containsExactly(3L, 1L, 4L);
    assertThat(due(deadlines, 1_000)).containsExactly(2L);
    assertThat(deadlines.isEmpty()).isTrue();
  }

  @Test
  void randomDeadlinesComeOutSortedAndOnTimeAcrossNanoTimeOverflow() {
    Random random = new Random(7);
    Deadlines deadlines = new Deadlines();
    Map<Long, Long> deadlineOf = new HashMap<>();
    long now = Long.MAX_VALUE - 50_000; // nanoTime values may overflow; only differences count
    List<Long> all = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      for (int i = 0; i < 300; i++) {
        long id = round * 1_000L + i;
        long deadline = now + 1_000 + random.nextInt(random.nextInt(10) == 0 ? 2_000 : 10);
        deadlineOf.put(id, deadline);
        deadlines.add(id, deadline);
      }
      now += 700;
      long at = now;
      List<Long> ids = due(deadlines, at);
      for (int i = 0; i < ids.size(); i++) {
        assertThat(deadlineOf.get(ids.get(i)) - at).isLessThanOrEqualTo(0);
        if (i > 0) {
          assertThat(deadlineOf.get(ids.get(i)) - deadlineOf.get(ids.get(i - 1))).isGreaterThanOrEqualTo(0);
        }
      }
      if (!deadlines.isEmpty()) {
        assertThat(deadlines.nextDeadline() - at).isPositive();
      }
      all.addAll(ids);
    }
    all.addAll(due(deadlines, now + 1_000_000));
    assertThat(deadlines.isEmpty()).isTrue();
    assertThat(all).hasSize(12_000).doesNotHaveDuplicates();
  }
}
