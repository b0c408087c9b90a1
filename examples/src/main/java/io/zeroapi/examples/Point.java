package io.zeroapi.examples;

import java.time.Instant;
import java.util.List;

/**
 * A point, as the Python original's example server defines it (a dataclass). It travels as a
 * MessagePack map of component name to value, in declaration order; the component names are the
 * wire keys.
 *
 * @param x an integer coordinate
 * @param y a float64 coordinate
 * @param label a label
 * @param ts a timestamp (extension type -1 on the wire)
 * @param tags integer tags
 */
public record Point(long x, double y, String label, Instant ts, List<Long> tags) {}
