/**
 * Zero's raw TCP transport on Netty, wire-compatible with the Python original's {@code TCPServer}
 * and {@code AsyncTCPClient}.
 *
 * <p>Frame, both directions: {@code u32 BE length | u32 BE request id | u8 error flag | payload},
 * where {@code length = 5 + payload length}. The request payload is the MessagePack map {@code
 * {"fn": name, "data": argument}}; the server echoes the request id and sets the flag to 1 on error
 * replies ({@code __zerror__*} maps); the request flag is ignored.
 *
 * <p>Threads: I/O runs on Netty event loops (native epoll when available, NIO otherwise) and never
 * runs user code. Server replies and client requests are written from any thread through a {@link
 * io.zeroapi.internal.tcp.WriteBatcher}, which flushes once per event-loop turn.
 *
 * <p>Limits: a frame longer than {@code maxFrameBytes} or shorter than 5 closes the connection as
 * soon as its 4-byte length is read; on the server a started frame must complete within 10 s, and a
 * connection is not read while it has {@code maxInFlightPerConnection} calls running or its outbound
 * buffer is above the high-water mark, or while the bytes all connections hold in unfinished frames
 * are over the server's budget (a quarter of the heap). Beyond {@code maxConnections} a new
 * connection is closed as soon as it is accepted.
 */
package io.zeroapi.internal.tcp;
