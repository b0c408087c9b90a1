package io.zeroapi.testing.alltypes;

import java.util.Objects;

/** A POJO: public fields and a no-argument constructor. */
public final class Legacy {
  /** A name. */
  public String name;
  /** A count. */
  public int count;

  /** An empty one. */
  public Legacy() {}

  /**
   * @param name a name
   * @param count a count
   */
  public Legacy(String name, int count) {
    this.name = name;
    this.count = count;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Legacy l && Objects.equals(name, l.name) && count == l.count;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, count);
  }

  @Override
  public String toString() {
    return "Legacy[name=" + name + ", count=" + count + "]";
  }
}
