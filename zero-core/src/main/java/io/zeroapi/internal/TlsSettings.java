package io.zeroapi.internal;

import io.netty.handler.ssl.SslContext;

/**
 * TLS of a TCP server or client, built from an {@link io.zeroapi.TlsConfig}.
 *
 * @param context the Netty context (server or client)
 * @param serverName a client's name to verify and send as SNI, or null for the host it connects to
 * @param provider the engine, {@code JDK} or {@code OPENSSL}, for logs
 */
public record TlsSettings(SslContext context, String serverName, String provider) {}
