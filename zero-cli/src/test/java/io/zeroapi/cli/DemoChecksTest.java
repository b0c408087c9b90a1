package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.RemoteException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's expectations themselves, without a server. */
class DemoChecksTest {

  @Test
  void expectedValuesFollowTheExampleServerRules() {
    assertThat(DemoCommand.PROCESSED_ORDER.id()).isEqualTo(DemoCommand.ORDER.id() + 1);
    assertThat(DemoCommand.PROCESSED_ORDER.price()).isEqualTo(DemoCommand.ORDER.price() * 2);
    assertThat(DemoCommand.ECHOED_POINT.x()).isEqualTo(DemoCommand.POINT.x() * 10);
  }

  @Test
  void outcomesMatchValuesOrExceptions() {
    assertThat(DemoCommand.Expected.value("a").matches("a", null)).isTrue();
    assertThat(DemoCommand.Expected.value("a").matches("b", null)).isFalse();
    assertThat(DemoCommand.Expected.value("a").matches(null, new RemoteException("x"))).isFalse();
    DemoCommand.Expected failure = DemoCommand.Expected.failure(RemoteException.class, "RuntimeException('boom')");
    assertThat(failure.matches(null, new RemoteException("RuntimeException('boom')"))).isTrue();
    assertThat(failure.matches(null, new RemoteException("other"))).isFalse();
    assertThat(failure.matches("boom", null)).isFalse();
  }

  @Test
  void showsValuesLikeTheOutputLines() {
    assertThat(DemoCommand.show("hello world")).isEqualTo("\"hello world\"");
    assertThat(DemoCommand.show(List.of(10, 3))).isEqualTo("[10, 3]");
    assertThat(DemoCommand.show(List.of("a"))).isEqualTo("[\"a\"]");
    assertThat(DemoCommand.describeError(new RemoteException("RuntimeException('boom')")))
        .isEqualTo("RemoteException: RuntimeException('boom')");
  }

  @Test
  void everyCheckIsDescribedLikeACall() {
    assertThat(DemoCommand.checks()).extracting(DemoCommand.Check::describe)
        .contains("hello_world()", "echo(\"hello\")", "fail(\"boom\")", "sum_list([1, 2, 3])", "divide([10, 3])",
            "sleep(200) with a 50 ms timeout", "sleep(1)");
  }
}
