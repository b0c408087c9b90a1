/**
 * Zero for Java: register functions on a {@link io.zeroapi.ZeroServer}, call them by name from a
 * {@link io.zeroapi.ZeroClient} or {@link io.zeroapi.AsyncZeroClient}.
 *
 * <p>Exported: {@code io.zeroapi} (the API) and {@code io.zeroapi.codec} (the codec SPI and the
 * MessagePack codec). Everything under {@code io.zeroapi.internal} may change without notice.
 */
module io.zeroapi {
  requires org.slf4j;
  requires msgpack.core;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.codec;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  requires org.zeromq.jeromq;
  requires jnacl; // CURVE for JeroMQ, which only declares it 'requires static'

  exports io.zeroapi;
  exports io.zeroapi.codec;
}
