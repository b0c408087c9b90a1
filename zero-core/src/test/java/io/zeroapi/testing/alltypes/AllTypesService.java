package io.zeroapi.testing.alltypes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The implementation of {@link AllTypesApi} that the tests register. */
public final class AllTypesService implements AllTypesApi {
  @Override
  public Everything everything(Everything value) {
    return value;
  }

  @Override
  public Node tree(Node root) {
    return root;
  }

  @Override
  public Page<Address> addressPage(int count) {
    return new Page<>(Collections.nCopies(count, new Address("Main St 1", Optional.of("2A"))), count);
  }

  @Override
  public CompletableFuture<List<Color>> colors() {
    return CompletableFuture.completedFuture(List.of(Color.values()));
  }

  @Override
  public void forget(String text) {}

  @Override
  public Map<String, List<Address>> index(Set<UUID> ids) {
    Map<String, List<Address>> index = new LinkedHashMap<>();
    for (UUID id : ids) {
      index.put(id.toString(), new ArrayList<>());
    }
    return index;
  }

  @Override
  public Object anything(Object value) {
    return value;
  }

  @Override
  public Optional<Everything> maybe(Optional<Integer> number) {
    return number.map(AllTypes::sample);
  }

  @Override
  public io.zeroapi.testing.alltypes.other.Address relocate(Address address) {
    return new io.zeroapi.testing.alltypes.other.Address(address.street().length());
  }

  @Override
  public Legacy legacy(Legacy value) {
    return new Legacy(value.name, value.count * 2);
  }

  @Override
  public Priority escalate(Priority priority) {
    return Priority.HIGH;
  }
}
