package io.zeroapi.testing.alltypes;

import io.zeroapi.Rpc;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A service that uses every kind of type the contract describes: the fixture of the contract and
 * code-generation tests (golden files for Java and Python, compiled clients calling a live server).
 * {@link AllTypesService} implements it; every function echoes or derives its result from its
 * argument, so a test can check a round trip.
 */
public interface AllTypesApi {
  /** Every scalar, container, enum and nested record in one record: returned unchanged. */
  @Rpc
  Everything everything(Everything value);

  /** A recursive record: returned unchanged. */
  @Rpc
  Node tree(Node root);

  /** A generic record: {@code count} copies of a fixed address. */
  @Rpc("address_page")
  Page<Address> addressPage(int count);

  /** No argument, async, a list of an enum: every color. */
  @Rpc
  CompletableFuture<List<Color>> colors();

  /** Void result: does nothing. */
  @Rpc
  void forget(String text);

  /** A map of lists, from a set: one entry per id, its string form to an empty list. */
  @Rpc
  Map<String, List<Address>> index(Set<UUID> ids);

  /** An undescribable type: returned unchanged. */
  @Rpc
  Object anything(Object value);

  /** Optional argument and result: empty stays empty, a number becomes {@link AllTypes#sample()} with it as {@code i}. */
  @Rpc
  Optional<Everything> maybe(Optional<Integer> number);

  /** Two classes with the same simple name from different packages: the other one's count is the name's length. */
  @Rpc
  io.zeroapi.testing.alltypes.other.Address relocate(Address address);

  /** A POJO: the count doubled. */
  @Rpc
  Legacy legacy(Legacy value);

  /** An integer-valued enum: the next priority, the highest staying highest. */
  @Rpc
  Priority escalate(Priority priority);
}
