package io.zeroapi.testing.alltypes.other;

/**
 * A second record named {@code Address}, in another package: the contract names it after its
 * package.
 *
 * @param count a count
 */
public record Address(int count) {}
