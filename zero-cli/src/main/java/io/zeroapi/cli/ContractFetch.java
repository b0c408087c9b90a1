package io.zeroapi.cli;

import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.ZeroClient;
import io.zeroapi.internal.contract.Contract;
import java.util.Map;

/**
 * Asks a server for its contract ({@code zero.contract}), for {@code zero contract} and {@code zero
 * generate-client}: the document as decoded, or a {@link Failure} whose message is the one line the
 * command prints. A failed call ({@link io.zeroapi.ZeroException}) propagates to {@link Main}, which
 * prints it the same way.
 */
final class ContractFetch {
  private static final String FUNCTION = Contract.FUNCTION_NAME;

  private ContractFetch() {}

  /** The server answered, but not with a contract. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** The contract document of the server at {@code address}. */
  static Map<?, ?> fetch(ClientOptions client, HostPort address) throws Failure {
    Object contract;
    try (ZeroClient zero = client.builder(address).build()) {
      contract = zero.call(FUNCTION, null, Object.class);
    } catch (FunctionNotFoundException e) {
      throw new Failure("the server at " + address + " " + Contract.NOT_SERVED);
    }
    if (!(contract instanceof Map<?, ?> map) || !map.containsKey(Contract.FORMAT_KEY)) {
      throw new Failure("the server at " + address + " answered " + FUNCTION + " with something that is not a contract");
    }
    return map;
  }
}
