package io.zeroapi.internal.tcp;

/**
 * Fired by {@link FrameDecoder} down the pipeline right before it closes a connection whose input
 * cannot be trusted (bad length, partial-frame deadline missed).
 */
record BadFrameEvent(String reason) {}
