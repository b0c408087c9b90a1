package io.zeroapi.testing.alltypes;

import java.util.Optional;

/**
 * A small record with an optional component.
 *
 * @param street the street
 * @param unit the unit, if any (may be absent on the wire)
 */
public record Address(String street, Optional<String> unit) {}
