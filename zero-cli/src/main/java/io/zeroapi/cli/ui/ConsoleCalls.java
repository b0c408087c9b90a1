package io.zeroapi.cli.ui;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.ConnectionException;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Protocol;
import io.zeroapi.ProtocolException;
import io.zeroapi.RemoteException;
import io.zeroapi.ServerUnavailableException;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroException;
import io.zeroapi.cli.HostPort;
import io.zeroapi.cli.Json;
import io.zeroapi.cli.ProtocolConverter;
import io.zeroapi.internal.contract.Contract;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console's side of the Zero server: one client, the calls the page asks for, and each
 * outcome as the JSON the page shows (the result, or an error kind with its text).
 *
 * <p>Error kinds: {@code validation} (with {@code path}, e.g. {@code $.items[0]}, when the message
 * names one), {@code function-not-found}, {@code timeout}, {@code connection}, {@code unavailable}
 * (busy or shutting down: the function did not run), {@code remote} (the function threw), {@code
 * protocol}, {@code no-contract}, {@code error}.
 *
 * <p>The client is built on first use and again after a {@link ConnectionException}, so that the
 * console recovers when a server that went away comes back.
 */
final class ConsoleCalls implements AutoCloseable {
  /** How long a contract fetch waits at most: the page polls with it, so a dead server shows soon. */
  static final long CONTRACT_TIMEOUT_MILLIS = 2_000;

  /** msgspec's and Zero's {@code - at `$.path`} (or {@code - at `key` in `$.path`} for a map key). */
  private static final Pattern PATH = Pattern.compile(" - at (`key` in )?`(\\$[^`]*)`");

  private final Target target;
  private final Supplier<ZeroClient> clients;
  private ZeroClient client;
  /** The last contract the server answered with, to fit arguments to ({@link JsonArguments}); null before one. */
  private volatile Contract contract;

  /**
   * The server the console calls and how the page's command lines name it.
   *
   * @param address the server
   * @param protocol its transport
   * @param timeoutMillis the calls' default timeout
   * @param defaultTimeoutMillis {@code zero call}'s own default, left out of command lines
   * @param curveServerKey the server's CURVE public key, or {@code null}
   */
  record Target(HostPort address, Protocol protocol, long timeoutMillis, long defaultTimeoutMillis,
      String curveServerKey) {

    /** {@code ./zero call ...} for one call, quoted for a POSIX shell. */
    String commandLine(String function, Object argument, long callTimeoutMillis) {
      StringBuilder line = new StringBuilder("./zero call ").append(shellWord(address.toString()))
          .append(' ').append(shellWord(function));
      if (argument != null) {
        line.append(' ').append(shellWord(Json.write(argument)));
      }
      if (protocol != Protocol.ZMQ) {
        line.append(" --protocol ").append(ProtocolConverter.name(protocol));
      }
      if (callTimeoutMillis != defaultTimeoutMillis) {
        line.append(" --timeout ").append(callTimeoutMillis);
      }
      if (curveServerKey != null) {
        line.append(" --curve-server-key ").append(shellWord(curveServerKey));
      }
      return line.toString();
    }
  }

  ConsoleCalls(Target target, Supplier<ZeroClient> clients) {
    this.target = target;
    this.clients = clients;
  }

  Target target() {
    return target;
  }

  /**
   * The server's contract as {@link ContractView} shows it: {@code ok: true} and {@code contract},
   * or {@code ok: false}, {@code errorKind} and {@code errorText}.
   */
  Map<String, Object> contract() {
    Map<String, Object> reply = new LinkedHashMap<>();
    ZeroClient zero = null;
    long timeoutMillis = Math.min(CONTRACT_TIMEOUT_MILLIS, target.timeoutMillis());
    try {
      zero = client();
      Object document = zero.call(Contract.FUNCTION_NAME, null, Object.class, Duration.ofMillis(timeoutMillis));
      Contract parsed = Contract.parse(document);
      contract = parsed;
      reply.put("ok", true);
      reply.put("contract", ContractView.of(parsed));
    } catch (FunctionNotFoundException e) {
      failure(reply, "no-contract", "the server at " + target.address() + " " + Contract.NOT_SERVED
          + ". Type a function name to call it anyway.");
    } catch (CallTimeoutException e) {
      failure(reply, "timeout", "no answer within " + timeoutMillis + " ms: is the server running at "
          + target.address() + ", speaking " + ProtocolConverter.name(target.protocol()) + "?");
    } catch (Contract.FormatException e) {
      failure(reply, "no-contract", "the server at " + target.address() + " answered " + Contract.FUNCTION_NAME
          + " with something this console cannot read: " + e.getMessage());
    } catch (ZeroException e) {
      describe(reply, e, zero);
    }
    return reply;
  }

  /**
   * One call: {@code ok: true} with {@code result} (plain JSON) and {@code resultJson} (the same,
   * indented), or {@code ok: false} with {@code errorKind}, {@code errorText}, {@code exception} and
   * maybe {@code path}; both with {@code elapsedMicros} and {@code command}.
   *
   * @param argument the argument as parsed from JSON, or {@code null} to send none (nil)
   */
  Map<String, Object> call(String function, Object argument, long timeoutMillis) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("function", function);
    ZeroClient zero = null;
    long start = System.nanoTime();
    try {
      zero = client();
      Object result = zero.call(function, fit(function, argument), Object.class, Duration.ofMillis(timeoutMillis));
      long elapsed = System.nanoTime() - start;
      Object plain = Json.toPlain(result);
      reply.put("ok", true);
      reply.put("result", plain);
      reply.put("resultJson", Json.writePretty(plain));
      reply.put("elapsedMicros", elapsed / 1_000);
    } catch (ZeroException e) {
      reply.put("elapsedMicros", (System.nanoTime() - start) / 1_000);
      describe(reply, e, zero);
    }
    reply.put("command", target.commandLine(function, argument, timeoutMillis));
    return reply;
  }

  /** {@code argument} fitted to the function's schema in the last contract, or as it is. */
  private Object fit(String function, Object argument) {
    Contract known = contract;
    if (known == null || argument == null) {
      return argument;
    }
    return known.functions().stream().filter(f -> f.name().equals(function) && f.argument() != null).findFirst()
        .map(f -> JsonArguments.fit(argument, f.argument(), known)).orElse(argument);
  }

  /** The error kind and text of {@code e}; a connection failure also drops {@code zero}, the client that had it. */
  private void describe(Map<String, Object> reply, ZeroException e, ZeroClient zero) {
    String kind = switch (e) {
      case ValidationException v -> "validation";
      case FunctionNotFoundException f -> "function-not-found";
      case CallTimeoutException t -> "timeout";
      case ConnectionException c -> "connection";
      case ServerUnavailableException u -> "unavailable";
      case RemoteException r -> "remote";
      case ProtocolException p -> "protocol";
      default -> "error";
    };
    if (e instanceof ConnectionException) {
      reset(zero);
    }
    String text = e.getMessage();
    String server = target.address() + ", speaking " + ProtocolConverter.name(target.protocol());
    if (e instanceof ConnectionException) {
      text += " (is the server running at " + server + "?)";
    } else if (e instanceof CallTimeoutException) {
      text += " (a function slower than that, or no server at " + server + ")";
    }
    failure(reply, kind, text);
    reply.put("exception", e.getClass().getSimpleName());
    if (e instanceof ValidationException && e.getMessage() != null) {
      Matcher matcher = PATH.matcher(e.getMessage());
      if (matcher.find()) {
        reply.put("path", matcher.group(2));
      }
    }
  }

  private static void failure(Map<String, Object> reply, String kind, String text) {
    reply.put("ok", false);
    reply.put("errorKind", kind);
    reply.put("errorText", text);
  }

  private synchronized ZeroClient client() {
    if (client == null) {
      client = clients.get();
    }
    return client;
  }

  /** Drops {@code failed} after a connection failure, unless already replaced: the next call builds a new one. */
  private synchronized void reset(ZeroClient failed) {
    if (failed == null) {
      return;
    }
    if (client == failed) {
      client = null;
    }
    failed.close();
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /** {@code word} as one word for a POSIX shell: as it is when it is safe, else in single quotes. */
  static String shellWord(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:@%+=,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
