package io.zeroapi.testing.alltypes;

/** A plain enum: on the wire, the constants' names. */
public enum Color {
  /** Red. */
  RED,
  /** Green. */
  GREEN,
  /** Blue. */
  BLUE
}
