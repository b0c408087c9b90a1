package io.zeroapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.ConnectionException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** When a client sends call headers: only to a server that said it reads them, asked once. */
class HeaderNegotiationTest {
  private static final byte[] HEADER = CallHeader.encode(1000, io.zeroapi.Metadata.empty());

  /** A transport that records what it is asked to send, and answers the question as told. */
  private static final class Recording implements ClientTransport {
    record Sent(String function, byte[] argument, byte[] header) {}

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Reply>> questions = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline) {
      return call(function, argument, null, deadline, null);
    }

    @Override
    public CompletableFuture<Reply> call(String function, byte[] argument, byte[] header, Deadline deadline,
        WriteMark mark) {
      sent.add(new Sent(function, argument, header));
      if (function.equals("connect")) {
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        questions.add(answer);
        return answer;
      }
      return CompletableFuture.completedFuture(new Reply(new byte[] {(byte) 0xc0}, false));
    }

    @Override
    public void close() {}
  }

  private static Reply connected() {
    return new Reply(new byte[] {(byte) 0xa9, 'c', 'o', 'n', 'n', 'e', 'c', 't', 'e', 'd'}, false);
  }

  @Test
  void callsWithoutAHeaderNeverAsk() {
    Recording transport = new Recording();
    HeaderNegotiation negotiation = new HeaderNegotiation(transport, "test");
    negotiation.call("echo", null, null, Deadline.after(1000), null).join();
    assertThat(transport.sent).extracting(Recording.Sent::function).containsExactly("echo");
    assertThat(negotiation.readsHeaders()).isNull();
  }

  @Test
  void aJavaServerGetsHeadersAfterOneQuestionForManyCallsAtOnce() {
    Recording transport = new Recording();
    HeaderNegotiation negotiation = new HeaderNegotiation(transport, "test");
    CompletableFuture<Reply> first = negotiation.call("echo", null, HEADER, Deadline.after(5000), null);
    CompletableFuture<Reply> second = negotiation.call("echo", null, HEADER, Deadline.after(5000), null);
    assertThat(transport.questions).hasSize(1);
    assertThat(transport.sent.get(0).argument()).isEqualTo(HeaderNegotiation.PROBE);
    assertThat(first).isNotDone();
    transport.questions.get(0).complete(new Reply(HeaderNegotiation.probeReply(), false));
    first.join();
    second.join();
    negotiation.call("echo", null, HEADER, Deadline.after(5000), null).join();
    assertThat(transport.sent).hasSize(4);
    assertThat(transport.sent.subList(1, 4)).allSatisfy(s -> assertThat(s.header()).isEqualTo(HEADER));
    assertThat(negotiation.readsHeaders()).isTrue();
  }

  @Test
  void aServerThatAnswersLikeTheOriginalGetsNoHeader() {
    Recording transport = new Recording();
    HeaderNegotiation negotiation = new HeaderNegotiation(transport, "test");
    CompletableFuture<Reply> call = negotiation.call("echo", null, HEADER, Deadline.after(5000), null);
    transport.questions.get(0).complete(connected());
    call.join();
    negotiation.call("echo", null, HEADER, Deadline.after(5000), null).join();
    assertThat(transport.sent.subList(1, 3)).allSatisfy(s -> assertThat(s.header()).isNull());
    assertThat(negotiation.readsHeaders()).isFalse();
  }

  @Test
  void anErrorReplyMeansNoHeaders() {
    assertThat(HeaderNegotiation.readsHeaders(new Reply(HeaderNegotiation.probeReply(), true))).isFalse();
    assertThat(HeaderNegotiation.readsHeaders(new Reply(ErrorReplies.encode(ErrorKeys.FUNCTION_NOT_FOUND, "x"), false)))
        .isFalse();
    assertThat(HeaderNegotiation.readsHeaders(new Reply(new byte[] {(byte) 0xc1}, false))).isFalse();
  }

  @Test
  void aFailedQuestionFailsItsCallsAndIsAskedAgainByTheNext() {
    Recording transport = new Recording();
    HeaderNegotiation negotiation = new HeaderNegotiation(transport, "test");
    CompletableFuture<Reply> call = negotiation.call("echo", null, HEADER, Deadline.after(5000), null);
    transport.questions.get(0).completeExceptionally(new ConnectionException("Connection lost"));
    assertThatThrownBy(call::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConnectionException.class);
    assertThat(negotiation.readsHeaders()).isNull();

    CompletableFuture<Reply> next = negotiation.call("echo", null, HEADER, Deadline.after(5000), null);
    assertThat(transport.questions).hasSize(2);
    transport.questions.get(1).complete(new Reply(HeaderNegotiation.probeReply(), false));
    next.join();
    assertThat(negotiation.readsHeaders()).isTrue();
  }

  @Test
  void aCallWhoseDeadlinePassedWhileTheQuestionTimedOutTimesOutInItsOwnName() {
    Recording transport = new Recording();
    HeaderNegotiation negotiation = new HeaderNegotiation(transport, "test");
    Deadline passed = Deadline.after(1);
    while (!passed.expired()) {
      Thread.onSpinWait();
    }
    CompletableFuture<Reply> call = negotiation.call("work", null, HEADER, passed, null);
    transport.questions.get(0).completeExceptionally(passed.timedOut("connect"));
    assertThatThrownBy(call::get).hasCauseInstanceOf(CallTimeoutException.class)
        .hasMessageContaining("`work`");
  }

  @Test
  void theServerRecognisesTheQuestion() {
    byte[] probe = HeaderNegotiation.PROBE;
    assertThat(HeaderNegotiation.isProbe(probe, 0, probe.length)).isTrue();
    byte[] str = {(byte) 0xa1, 'x'};
    assertThat(HeaderNegotiation.isProbe(str, 0, str.length)).isFalse();
    assertThat(HeaderNegotiation.isProbe(null, 0, 0)).isFalse();
    assertThat(HeaderNegotiation.isProbe(new byte[300], 0, 300)).isFalse();
  }

  @Test
  void callsHeldWhileTheQuestionIsPendingAreBoundedLikeTheOutboundBuffer() {
    Recording transport = new Recording();
    HeaderNegotiation negotiation = new HeaderNegotiation(transport, "test", 1000);
    byte[] argument = new byte[400];
    List<CompletableFuture<Reply>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(negotiation.call("store", argument, HEADER, Deadline.after(5000), null));
    }
    // 3 calls of 412 bytes are held (the third taken under the limit); the others are refused, unsent.
    assertThat(calls.subList(0, 3)).allSatisfy(c -> assertThat(c).isNotDone());
    assertThat(calls.subList(3, 5)).allSatisfy(c -> assertThatThrownBy(c::join)
        .hasCauseInstanceOf(io.zeroapi.OutboundBufferFullException.class)
        .hasMessageContaining("while the client asks test whether it reads call headers"));
    assertThat(negotiation.outboundBytes()).isEqualTo(3 * (400L + HEADER.length));
    CompletableFuture<Void> room = negotiation.outboundRoom();
    assertThat(room).isNotDone();
    transport.questions.get(0).complete(new Reply(HeaderNegotiation.probeReply(), false));
    assertThat(room).isDone();
    assertThat(negotiation.outboundBytes()).isZero();
    calls.subList(0, 3).forEach(CompletableFuture::join);
  }
}
