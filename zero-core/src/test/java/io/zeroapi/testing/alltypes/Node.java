package io.zeroapi.testing.alltypes;

import java.util.List;

/**
 * A recursive record.
 *
 * @param name the node's name
 * @param children its children
 */
public record Node(String name, List<Node> children) {}
