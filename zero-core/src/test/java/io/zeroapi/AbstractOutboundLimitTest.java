package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bound on a client's outbound buffer (issue 13 §3), per transport: a flood of large
 * arguments to a server that never reads ends every call with a typed exception, the bytes waiting
 * to be written stay under the limit plus one request, async calls over it fail at once, and a
 * blocking caller waits for room within its timeout. The bytes are counted by the transport
 * ({@code ClientTransport#outboundBytes}), not by measuring the heap.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractOutboundLimitTest {
  /** The client's limit in the tests: 1 MiB. */
  static final long LIMIT = 1024 * 1024;
  /** The size of each argument: 64 KiB. */
  static final int ARGUMENT = 64 * 1024;
  /** A request on the wire: the argument and its envelope or header (well under 1 KiB). */
  static final long REQUEST = ARGUMENT + 1024;
  /**
   * What the count adds besides the requests' bytes: Netty's outbound buffer counts 96 bytes of
   * bookkeeping per message it holds (ChannelOutboundBuffer's entry overhead), one per batch
   * written; a few KiB at this limit. (The flood test measured 813 bytes over LIMIT + REQUEST once.)
   */
  static final long BOOKKEEPING = 4 * 1024;

  /** The transport under test. */
  protected abstract Protocol protocol();

  protected ZeroClient.Builder builder(int port) {
    // No call header: a call with one waits for the server to say whether it reads headers
    // (docs/metadata.md), which a server that never reads never does; these calls must reach the buffer.
    return ZeroClient.builder("127.0.0.1", port).protocol(protocol()).maxOutboundBytes(LIMIT)
        .deadlinePropagation(false);
  }

  @Test
  void aFloodOfLargeArgumentsToAServerThatNeverReadsEndsTypedAndTheBufferStaysBounded() throws Exception {
    try (Sink sink = new Sink();
        ZeroClient client = builder(sink.port()).timeout(Duration.ofSeconds(2)).build()) {
      byte[] argument = new byte[ARGUMENT];
      List<CompletableFuture<String>> calls = new ArrayList<>();
      int refusedAtOnce = 0;
      long most = 0;
      // 32 MiB: more than the kernel's buffers on both ends and the client's limit together
      for (int i = 0; i < 512; i++) {
        CompletableFuture<String> call = client.async().call("store", argument, String.class);
        if (call.isCompletedExceptionally()) {
          refusedAtOnce++;
          assertThatThrownBy(call::join).cause().isInstanceOf(OutboundBufferFullException.class)
              .hasMessageContaining("Call to `store` not sent: ")
              .hasMessageContaining("at or over the limit of 1048576 bytes (maxOutboundBytes)");
        }
        calls.add(call);
        most = Math.max(most, client.core().transport().outboundBytes());
      }
      assertThat(refusedAtOnce).as("calls refused at once over the limit").isPositive();
      assertThat(most).as("bytes waiting to be written, at most").isPositive().isLessThanOrEqualTo(LIMIT + REQUEST + BOOKKEEPING);

      // A blocking caller waits for room, within its timeout, and is told why it was not sent.
      assertThatThrownBy(() -> client.call("store", argument, String.class, Duration.ofMillis(300)))
          .isInstanceOf(CallTimeoutException.class)
          .hasMessageContaining("Call to `store` not sent within its timeout of 300 ms: the connection's outbound buffer stayed full");

      for (CompletableFuture<String> call : calls) {
        Throwable failure = catchFailure(call);
        assertThat(failure).as("every call ends with a typed exception")
            .isInstanceOfAny(OutboundBufferFullException.class, CallTimeoutException.class);
      }
      assertThat(client.core().transport().outboundBytes()).isLessThanOrEqualTo(LIMIT + REQUEST + BOOKKEEPING);
    }
  }

  static Throwable catchFailure(CompletableFuture<?> call) {
    try {
      call.get(10, TimeUnit.SECONDS);
      throw new AssertionError("the call succeeded against a server that never answers");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (CompletionException e) {
      return e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the call did not end", e);
    }
  }

  /**
   * Async calls of {@code function} until one is refused (the buffer is full); returns the calls
   * taken.
   */
  static List<CompletableFuture<String>> fillTheBuffer(ZeroClient client, String function) {
    byte[] argument = new byte[ARGUMENT];
    List<CompletableFuture<String>> taken = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      CompletableFuture<String> call = client.async().call(function, argument, String.class, Duration.ofSeconds(30));
      if (call.isCompletedExceptionally()) {
        assertThatThrownBy(call::join).cause().isInstanceOf(OutboundBufferFullException.class);
        return taken;
      }
      taken.add(call);
    }
    throw new AssertionError("never refused: the buffer is not bounded");
  }

  /**
   * Checks that every call taken was served with {@code expected}, or refused unsent: on TCP the
   * calls that waited for the connection to open are refused when it opens if the buffer is full
   * by then. Returns how many were served.
   */
  static int servedOrRefused(List<CompletableFuture<String>> calls, String expected) throws Exception {
    int served = 0;
    for (CompletableFuture<String> call : calls) {
      try {
        assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo(expected);
        served++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(OutboundBufferFullException.class);
      }
    }
    return served;
  }

  /** A blocking call on its own thread, and that thread (to see it wait). */
  record Blocking(Thread thread, CompletableFuture<String> result) {
    static Blocking start(ZeroClient client, String function) {
      CompletableFuture<String> result = new CompletableFuture<>();
      Thread thread = Thread.ofPlatform().daemon().start(() -> {
        try {
          result.complete(client.call(function, new byte[ARGUMENT], String.class, Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
      return new Blocking(thread, result);
    }

    /** Waits until the caller blocks (waiting for room: nothing can leave the client meanwhile). */
    void awaitBlocked() {
      await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
      assertThat(result).isNotDone();
    }
  }

  /** A server on 127.0.0.1 that accepts connections and never reads from them. */
  static final class Sink implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    Sink() throws IOException {
      server = new ServerSocket();
      server.setReceiveBufferSize(4096); // inherited by accepted sockets: the kernel holds little
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread.ofPlatform().daemon().name("sink-accept").start(() -> {
        try {
          while (true) {
            accepted.add(server.accept());
          }
        } catch (IOException e) {
          // closed
        }
      });
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
