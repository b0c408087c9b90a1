package io.zeroapi.examples;

import java.time.Instant;
import java.util.List;

/**
 * An order, as the Python original's example server defines it (a msgspec Struct). It travels as a
 * MessagePack map of component name to value, in declaration order.
 *
 * <p>The component names are the wire keys, so {@code created_at} is snake_case on purpose: a
 * Python peer sends and expects exactly these keys.
 *
 * @param id the order id
 * @param price the price, a float64 on the wire
 * @param name the product name
 * @param created_at when the order was made; a timestamp (extension type -1) on the wire
 * @param items the items
 */
public record Order(long id, double price, String name, Instant created_at, List<String> items) {}
