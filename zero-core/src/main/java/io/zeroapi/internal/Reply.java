package io.zeroapi.internal;

/**
 * A raw reply as it came off the wire: the MessagePack payload and, on raw TCP, the error flag.
 * The payload is owned by the receiver; an empty payload means nil.
 */
public record Reply(byte[] payload, boolean errorFlag) {}
