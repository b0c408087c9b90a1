package io.zeroapi.codec.clash.b;

/**
 * The other class named {@code Item}, with a different shape, for the contract's name-clash test.
 *
 * @param count a count
 */
public record Item(int count) {}
