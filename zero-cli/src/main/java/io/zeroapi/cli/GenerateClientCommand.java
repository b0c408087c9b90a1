package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.cli.codegen.JavaClientGenerator;
import io.zeroapi.cli.codegen.JavaClientGenerator.GeneratedFile;
import io.zeroapi.internal.contract.Contract;
import io.zeroapi.internal.contract.PythonClientSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zero generate-client HOST:PORT --lang java|python --out DIR}: a typed client for a live
 * server, from its contract. Everything is generated in memory first; files are written only when
 * all of it succeeded, each through a temporary file and a rename, and a file whose content has
 * not changed (the generation time aside) is left as it is.
 */
@Command(
    name = "generate-client",
    header = "Writes a typed client (Java or Python) for a live server, from its contract.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Asks the Zero for Java server at HOST:PORT for its contract (zero.contract) and writes a client for it.",
      "--lang java: records, enums and one interface with a blocking and an async method per function, in the "
          + "package given by --package, under DIR (the package's folders are created). Use the interface with "
          + "ZeroClient.proxy(...). Running it again on an unchanged server changes no file.",
      "--lang python: DIR/rpc_client.py, the client the original's 'python -m zero.generate_client' writes: "
          + "records as msgspec.Struct, enums as enum.Enum, an RpcClient class; sync or --async for ZeroMQ, "
          + "always async for TCP (like the original). It needs the zeroapi package (pip install zeroapi).",
      "A server that is down, has no contract (a Python Zero server: use the original's generator on it) or "
          + "sends a newer contract format: one line 'error: ...' on stderr, exit code 1, and no file written."
    },
    footer = {"", "Examples:",
      "  zero generate-client 127.0.0.1:5559 --lang java --package com.acme.client --out src/main/java",
      "  zero generate-client 127.0.0.1:5560 --protocol tcp --lang python --out client"})
public final class GenerateClientCommand implements Callable<Integer> {
  /** The Python file the original's generator writes. */
  static final String PYTHON_FILE = "rpc_client.py";

  /** The generation time in a generated file's Javadoc: masked when comparing with the file on disk. */
  private static final Pattern GENERATED_AT = Pattern.compile(" on \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

  /** The languages this command writes. */
  enum Language {
    java, python
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "The server, e.g. 127.0.0.1:5559 or [::1]:5559. The generated Python client connects to it.")
  HostPort address;

  @Mixin ClientOptions client;

  @Option(names = "--lang", required = true, paramLabel = "LANG",
      description = "The language: ${COMPLETION-CANDIDATES}.")
  Language language;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Where to write: the source root for Java, the folder of rpc_client.py for Python (created if missing).")
  Path out;

  @Option(names = "--package", paramLabel = "PACKAGE",
      description = "Java: the package of the generated types (required with --lang java).")
  String packageName;

  @Option(names = "--interface", paramLabel = "NAME", defaultValue = "ServerApi",
      description = "Java: the name of the generated interface (default: ${DEFAULT-VALUE}).")
  String interfaceName;

  @Option(names = "--async",
      description = "Python over ZeroMQ: an asyncio client (AsyncZeroClient). A TCP client is always async.")
  boolean async;

  @Override
  public Integer call() {
    checkOptions();
    Contract contract;
    try {
      contract = Contract.parse(ContractFetch.fetch(client, address));
    } catch (ContractFetch.Failure | Contract.FormatException e) {
      return fail(e.getMessage());
    }
    List<GeneratedFile> files = switch (language) {
      case java -> JavaClientGenerator.generate(contract, packageName, interfaceName, generatedBy(contract));
      case python -> List.of(new GeneratedFile(PYTHON_FILE, PythonClientSource.generate(
          contract, address.host(), address.port(), ProtocolConverter.name(client.protocol),
          async || client.protocol == Protocol.TCP)));
    };
    int changed;
    try {
      changed = write(files);
    } catch (IOException | UncheckedIOException e) {
      return fail("cannot write to " + out + ": " + e.getMessage());
    }
    spec.commandLine().getOut().println("wrote " + changed + " of " + files.size() + " file" + (files.size() == 1 ? "" : "s")
        + " to " + out + (changed < files.size() ? " (" + (files.size() - changed) + " unchanged)" : ""));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private void checkOptions() {
    if (language == Language.java) {
      if (packageName == null) {
        throw client.usageError("--lang java needs --package, the package of the generated types (e.g. com.acme.client)");
      }
      if (!SourceVersion.isName(packageName)) {
        throw client.usageError("--package '" + packageName + "' is not a Java package name");
      }
      if (!SourceVersion.isIdentifier(interfaceName) || SourceVersion.isKeyword(interfaceName)) {
        throw client.usageError("--interface '" + interfaceName + "' is not a Java type name");
      }
      if (async) {
        throw client.usageError("--async is for --lang python; the Java interface has both a blocking and an async method per function");
      }
    } else if (packageName != null) {
      throw client.usageError("--package is for --lang java");
    }
  }

  private String generatedBy(Contract contract) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return "Generated by zero generate-client from " + address + " (" + ProtocolConverter.name(client.protocol)
        + "), server " + contract.serverName() + " " + contract.serverVersion() + ", contract format " + contract.format()
        + ", on " + now + ".";
  }

  /**
   * Writes every file whose content changed (the generation time aside), each to a temporary file
   * in its folder and then renamed over the old one; returns how many were written.
   */
  private int write(List<GeneratedFile> files) throws IOException {
    List<Path[]> moves = new ArrayList<>();
    try {
      for (GeneratedFile file : files) {
        Path target = out.resolve(file.relativePath());
        if (Files.isRegularFile(target) && sameApartFromTime(Files.readString(target, StandardCharsets.UTF_8), file.content())) {
          continue;
        }
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        moves.add(new Path[] {temporary, target});
        Files.writeString(temporary, file.content(), StandardCharsets.UTF_8);
      }
      for (Path[] move : moves) {
        try {
          Files.move(move[0], move[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(move[0], move[1], StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      for (Path[] move : moves) {
        Files.deleteIfExists(move[0]); // left only if something failed
      }
    }
    return moves.size();
  }

  private static boolean sameApartFromTime(String existing, String generated) {
    return GENERATED_AT.matcher(existing).replaceAll("").equals(GENERATED_AT.matcher(generated).replaceAll(""));
  }

  private int fail(String message) {
    spec.commandLine().getErr().println("error: " + message);
    spec.commandLine().getErr().flush();
    return Main.EXIT_FAILURE;
  }
}
