/**
 * Zero for Java: register functions on a {@link io.zeroapi.ZeroServer}, call them by name from a
 * {@link io.zeroapi.ZeroClient} or {@link io.zeroapi.AsyncZeroClient}.
 *
 * <p>Exported: {@code io.zeroapi} (the API) and {@code io.zeroapi.codec} (the codec SPI and the
 * MessagePack codec). Everything under {@code io.zeroapi.internal} may change without notice.
 */
module io.zeroapi {
  requires org.slf4j;
  // The optional HTTP health probe (ZeroServer.Builder.healthPort): the JDK's own HTTP server.
  requires jdk.httpserver;
  // msgpack-core and jnacl are automatic modules: their jars have neither a module-info nor an
  // Automatic-Module-Name, so their names come from the jar file names. That is why javac's
  // requires-automatic lint is off (root pom.xml) and why Maven prints "Required filename-based
  // automodules detected: [msgpack-core-*.jar, jnacl-*.jar]" for this module and for a user's
  // module that requires it. Both names are stable while the jars keep their Maven file names; if
  // msgpack-core ever declares a name (an upstream proposal says org.msgpack.core), this line must
  // follow when the pinned version is raised.
  requires msgpack.core;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.codec;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  requires org.zeromq.jeromq;
  // CURVE for JeroMQ, which only declares it 'requires static': without this line nothing makes
  // sure jnacl is in the module graph (today msgpack.core, being automatic, happens to pull every
  // automatic module in), and CURVE sockets would fail at run time.
  requires jnacl;

  exports io.zeroapi;
  uses io.zeroapi.EndpointResolver.Provider;
  exports io.zeroapi.codec;
}
