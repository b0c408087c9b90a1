package io.zeroapi.codec.clash.a;

/**
 * One of two classes named {@code Item} in different packages, for the contract's name-clash test.
 *
 * @param name a name
 */
public record Item(String name) {}
