package io.zeroapi.internal.zmq.libzmq;

import static io.zeroapi.internal.zmq.libzmq.LibzmqTesting.receive;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.internal.zmq.IoWaiter;
import io.zeroapi.internal.zmq.ZmqContext;
import io.zeroapi.internal.zmq.ZmqEngine;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The libzmq engine's waiter (the {@link IoWaiter} protocol) and its release of what it opened. */
@Timeout(120)
class LibzmqWaiterTest {
  /** Longer than any test may take: a sleep that ends did so for a reason, not its time-out. */
  private static final long FOREVER = 600_000;

  private static ZmqEngine engine;
  private ZmqContext context;

  @BeforeEach
  void open() {
    engine = LibzmqTesting.engine();
    context = engine.newContext(1);
  }

  @AfterEach
  void close() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void aSignalWakesASleep() throws InterruptedException {
    IoWaiter waiter = context.newWaiter();
    CountDownLatch announced = new CountDownLatch(1);
    CountDownLatch woke = new CountDownLatch(1);
    Thread io = Thread.ofPlatform().start(() -> {
      waiter.prepareToSleep();
      announced.countDown();
      waiter.sleep(FOREVER);
      woke.countDown();
    });
    announced.await();
    waiter.signal();
    assertThat(woke.await(LibzmqTesting.PATIENCE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
    io.join();
  }

  @Test
  void wakeNowAlsoWakesTheNextSleep() {
    IoWaiter waiter = context.newWaiter();
    waiter.wakeNow();
    waiter.prepareToSleep();
    waiter.sleep(FOREVER); // returns: the byte is waiting in the pipe
    waiter.close();
    waiter.signal(); // after close: nothing happens
    waiter.wakeNow();
  }

  @Test
  void aMessageEndsASleep() throws InterruptedException {
    ZmqSocket router = context.router();
    String endpoint = router.bind("tcp://127.0.0.1:*");
    ZmqSocket dealer = context.dealer();
    dealer.connect(endpoint, null);
    IoWaiter waiter = context.newWaiter();
    waiter.register(router);
    CountDownLatch asleep = new CountDownLatch(1);
    AtomicReference<String> got = new AtomicReference<>();
    Thread io = Thread.ofPlatform().start(() -> {
      waiter.prepareToSleep();
      assertThat(router.events() & ZmqSocket.POLLIN).isZero();
      asleep.countDown();
      waiter.sleep(FOREVER);
      byte[] identity = receive(router, waiter);
      got.set(new String(receive(router, waiter), UTF_8));
    });
    asleep.await();
    dealer.send("wake up".getBytes(UTF_8), false);
    io.join(LibzmqTesting.PATIENCE_MILLIS);
    assertThat(io.isAlive()).as("the sleep ended").isFalse();
    assertThat(got.get()).isEqualTo("wake up");
  }

  @Test
  void noWakeupIsLostUnderARace() throws InterruptedException {
    IoWaiter waiter = context.newWaiter();
    Queue<Integer> queue = new ConcurrentLinkedQueue<>();
    Semaphore done = new Semaphore(0);
    int rounds = 200_000;
    Thread io = Thread.ofPlatform().start(() -> {
      int taken = 0;
      while (taken >= 0) {
        Integer next = queue.poll();
        if (next != null) {
          taken = next;
          done.release();
          continue;
        }
        waiter.prepareToSleep();
        if (!queue.isEmpty()) {
          waiter.awake();
        } else {
          waiter.sleep(FOREVER);
        }
      }
    });
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    int round = 0;
    while (round < rounds && System.nanoTime() < end) {
      queue.add(round++);
      waiter.signal();
      assertThat(done.tryAcquire(LibzmqTesting.PATIENCE_MILLIS, TimeUnit.MILLISECONDS))
          .as("round %d was taken (no lost wakeup)", round).isTrue();
    }
    queue.add(-1);
    waiter.signal();
    io.join();
    assertThat(round).isPositive();
  }

  @Test
  void closeReleasesEveryDescriptor() throws IOException {
    cycle(); // loads what a first use loads once
    long before = openDescriptors();
    for (int i = 0; i < 200; i++) {
      cycle();
    }
    long after = openDescriptors();
    assertThat(after - before).as("descriptors left open by 200 contexts").isLessThan(20);
  }

  /** A context with a connected pair, a message and waiters; some closed by hand, the rest by the context. */
  private static void cycle() {
    try (ZmqContext c = engine.newContext(1)) {
      ZmqSocket router = c.router();
      String endpoint = router.bind("tcp://127.0.0.1:*");
      ZmqSocket dealer = c.dealer();
      dealer.connect(endpoint, null);
      IoWaiter waiter = c.newWaiter();
      waiter.register(router);
      dealer.send("x".getBytes(UTF_8), false);
      receive(router, waiter);
      receive(router, waiter);
      c.newWaiter().close();
      dealer.close();
    }
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
