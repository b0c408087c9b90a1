package io.zeroapi.testing.alltypes;

import java.util.List;

/**
 * A generic record.
 *
 * @param items the items of this page
 * @param total how many there are
 * @param <T> the items' type
 */
public record Page<T>(List<T> items, int total) {}
