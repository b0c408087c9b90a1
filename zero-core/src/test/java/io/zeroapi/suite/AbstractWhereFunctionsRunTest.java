package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroException;
import io.zeroapi.ZeroServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The promise the default worker executor keeps, whatever thread it schedules calls on: a function
 * that blocks, sleeps or computes for long never stalls a call on another connection. The server
 * has one I/O thread, so that every connection shares it: calls start on the I/O thread that read
 * them (a TCP event loop, the ZeroMQ I/O thread), and a call that held that thread would stall all
 * the others.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractWhereFunctionsRunTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final Semaphore started = new Semaphore(0);
  private volatile boolean stopSpinning;
  private ZeroServer server;

  /** The transport under test. */
  protected abstract Protocol protocol();

  /** Changes the server's builder (e.g. another executor); nothing by default. */
  protected ZeroServer.Builder configure(ZeroServer.Builder builder) {
    return builder;
  }

  private ZeroServer start(Duration grace) {
    server = configure(ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol()).ioThreads(1)
        .shutdownGracePeriod(grace)).build();
    server.register("hello_world", () -> "hello world");
    server.register("wait_for_release", () -> {
      started.release();
      release.await(); // blocks its thread until the test says so
      return "released";
    });
    server.register("sleep", int.class, millis -> {
      started.release();
      Thread.sleep(millis);
      return "slept " + millis;
    });
    server.register("spin", int.class, millis -> {
      // A computation that never blocks: it gives up no thread until it is done.
      started.release();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      long spins = 0;
      while (System.nanoTime() < end && !stopSpinning) {
        spins++;
      }
      return "spun " + (spins >= 0 ? millis : 0);
    });
    return server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    stopSpinning = true;
    if (server != null) {
      server.close();
    }
  }

  private AsyncZeroClient client() {
    return ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol()).buildAsync();
  }

  @Test
  void aBlockedFunctionStallsNoCallOnAnotherConnection() throws Exception {
    start(Duration.ofSeconds(2));
    try (AsyncZeroClient blocked = client(); AsyncZeroClient other = client()) {
      CompletableFuture<String> held = blocked.call("wait_for_release", null, String.class, Duration.ofSeconds(30));
      assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the blocking call started").isTrue();
      for (int i = 0; i < 20; i++) {
        assertThat(other.call("hello_world", null, String.class, Duration.ofSeconds(5)).get()).isEqualTo("hello world");
      }
      assertThat(held).isNotDone();
      release.countDown();
      assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("released");
    }
  }

  @Test
  void aSleepingFunctionStallsNoTimedCallOnAnotherConnection() throws Exception {
    start(Duration.ofSeconds(2));
    try (AsyncZeroClient sleeper = client(); AsyncZeroClient other = client()) {
      CompletableFuture<String> sleeping = sleeper.call("sleep", 3_000, String.class, Duration.ofSeconds(30));
      assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the sleep started").isTrue();
      // Had the sleep held the only I/O thread, this call would time out (its limit is below the sleep).
      assertThat(other.call("hello_world", null, String.class, Duration.ofSeconds(1)).get()).isEqualTo("hello world");
      assertThat(sleeping).isNotDone();
      assertThat(sleeping.get(10, TimeUnit.SECONDS)).isEqualTo("slept 3000");
    }
  }

  @Test
  void aFunctionThatComputesForLongIsMovedOffTheIoThreadAfterTwoLongCallsInARow() throws Exception {
    // The default scheduler has one carrier per core: with one core, the spinning call would hold it.
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
    start(Duration.ofSeconds(2));
    try (AsyncZeroClient spinner = client(); AsyncZeroClient other = client()) {
      // The first two long calls may hold the I/O thread: afterwards the function runs elsewhere.
      assertThat(spinner.call("spin", 20, String.class, Duration.ofSeconds(10)).get()).isEqualTo("spun 20");
      assertThat(spinner.call("spin", 20, String.class, Duration.ofSeconds(10)).get()).isEqualTo("spun 20");
      started.drainPermits();
      CompletableFuture<String> spinning = spinner.call("spin", 20_000, String.class, Duration.ofSeconds(30));
      assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the long spin started").isTrue();
      for (int i = 0; i < 20; i++) {
        assertThat(other.call("hello_world", null, String.class, Duration.ofSeconds(5)).get()).isEqualTo("hello world");
      }
      assertThat(spinning).isNotDone();
      stopSpinning = true;
      assertThat(spinning.get(10, TimeUnit.SECONDS)).isEqualTo("spun 20000");
    }
  }

  @Test
  void closingTheServerEndsACallThatSleepsPastTheGracePeriod() throws Exception {
    start(Duration.ofMillis(100));
    try (AsyncZeroClient sleeper = client()) {
      CompletableFuture<String> sleeping = sleeper.call("sleep", 60_000, String.class, Duration.ofSeconds(30));
      assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the sleep started").isTrue();
      server.close(); // interrupts the sleep after the grace period; must return, and so must the call
      assertThatThrownBy(() -> sleeping.get(40, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ZeroException.class);
    }
  }
}
