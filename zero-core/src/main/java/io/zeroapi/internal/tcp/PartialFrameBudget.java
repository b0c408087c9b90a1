package io.zeroapi.internal.tcp;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all connections of one server hold in frames that have begun but are not complete,
 * against a budget (D5: connections × max frame can exceed the heap).
 *
 * <p>A connection whose partial bytes leave the total over the budget stops being read ({@link
 * ReadGate#BUDGET}) until the total is back under it. One connection, the runner, is exempt so that
 * some frame always completes and frees its bytes: the holder of the oldest partial frame. The
 * total can exceed the budget by the runner's frame plus one read per paused connection. A runner
 * that stalls is closed by the partial-frame deadline; paused connections are not (they do not
 * stall, we do).
 *
 * <p>The fast path (under budget, nobody waiting) is a few atomic operations when a connection's
 * partial bytes change; choosing, pausing and resuming take a lock.
 */
final class PartialFrameBudget {
  private final long limit;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private final Set<Account> accounts = ConcurrentHashMap.newKeySet();
  private final Set<Account> waiting = new LinkedHashSet<>(); // guarded by this
  private volatile int waitingCount; // waiting.size(), readable without the lock
  private volatile Account runner; // written under the lock

  /** @param limit the budget in bytes */
  PartialFrameBudget(long limit) {
    this.limit = limit;
  }

  /** The default budget: a quarter of the maximum heap. */
  static long defaultLimit() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /** Bytes held in partial frames now, all connections. */
  long held() {
    return total.get();
  }

  /** Connections not being read because of the budget. */
  int waiting() {
    return waitingCount;
  }

  /** The account of a new connection, paused and resumed through {@code gate}. */
  Account open(ReadGate gate, Channel channel) {
    Account account = new Account(gate, channel);
    accounts.add(account);
    return account;
  }

  /** One connection's partial-frame bytes. Updated on its event loop only. */
  final class Account {
    private final ReadGate gate;
    private final Channel channel;
    private volatile long held;
    private volatile long since; // when its partial frame began, in budget sequence order
    private boolean closed;

    private Account(ReadGate gate, Channel channel) {
      this.gate = gate;
      this.channel = channel;
    }

    /**
     * The connection now holds {@code bytes} of an unfinished frame; {@code progressed} if it
     * completed a frame since the last update (a new partial frame began).
     */
    void update(long bytes, boolean progressed) {
      if (closed) {
        return;
      }
      long before = held;
      if (bytes != before) {
        held = bytes;
        total.addAndGet(bytes - before);
      }
      if (bytes > 0 && (before == 0 || progressed)) {
        since = sequence.incrementAndGet();
      }
      if (bytes > 0 && total.get() > limit) {
        overBudget(this, progressed);
      } else if ((bytes < before || progressed) && (waitingCount > 0 || runner == this)) {
        released(this, progressed);
      }
    }

    /** The connection is gone (closed, or the decoder removed): frees its bytes. Idempotent. */
    void close() {
      if (closed) {
        return;
      }
      update(0, true);
      closed = true;
      accounts.remove(this);
      List<Account> wake;
      synchronized (PartialFrameBudget.this) {
        if (waiting.remove(this)) {
          waitingCount = waiting.size();
        }
        if (runner == this) {
          runner = null;
        }
        wake = rebalance();
      }
      resume(wake);
    }
  }

  /** {@code account}'s read left the total over budget: pause it unless it is the runner. */
  private void overBudget(Account account, boolean progressed) {
    boolean pause;
    List<Account> wake;
    synchronized (this) {
      Account r = runner;
      if (r == account && progressed) {
        r = null; // it finished the frame it ran for; the oldest frame runs next
      }
      if (r == null || r.held == 0) {
        runner = r = oldest();
      }
      if (r != account && waiting.add(account)) {
        waitingCount = waiting.size();
      }
      wake = rebalance(); // the total may have dropped meanwhile, or the runner may be waiting
      pause = waiting.contains(account);
      wake.remove(account);
    }
    if (pause) {
      account.gate.pause(ReadGate.BUDGET); // on its event loop: we are in its decoder
    }
    resume(wake);
  }

  /** {@code account} freed bytes or finished a frame: resume what the budget now allows. */
  private void released(Account account, boolean progressed) {
    List<Account> wake;
    synchronized (this) {
      if (runner == account && (progressed || account.held == 0)) {
        runner = null; // its oldest frame is done; the next oldest takes over
      }
      wake = rebalance();
    }
    resume(wake);
  }

  /** Under the lock: the waiting accounts to resume now, removed from {@link #waiting}. */
  private List<Account> rebalance() {
    List<Account> wake = new ArrayList<>();
    if (waiting.isEmpty()) {
      return wake;
    }
    if (total.get() <= limit) {
      wake.addAll(waiting);
      waiting.clear();
    } else {
      Account r = runner;
      if (r == null || r.held == 0) {
        runner = r = oldest();
      }
      if (r != null && waiting.remove(r)) {
        wake.add(r);
      }
    }
    waitingCount = waiting.size();
    return wake;
  }

  /** Under the lock: the holder of the oldest partial frame, or null. */
  private Account oldest() {
    Account oldest = null;
    for (Account a : accounts) {
      if (a.held > 0 && (oldest == null || a.since < oldest.since)) {
        oldest = a;
      }
    }
    return oldest;
  }

  private void resume(List<Account> wake) {
    for (Account a : wake) {
      try {
        a.channel.eventLoop().execute(() -> resumeIfNotWaiting(a));
      } catch (RejectedExecutionException ignored) {
        // shutting down
      }
    }
  }

  private void resumeIfNotWaiting(Account account) {
    synchronized (this) {
      if (waiting.contains(account)) {
        return; // paused again since
      }
    }
    account.gate.resume(ReadGate.BUDGET);
  }
}
