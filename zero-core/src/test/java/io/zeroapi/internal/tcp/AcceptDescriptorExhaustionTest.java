package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.testing.FdLimitedServer;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * D6 (reliability-security §2.7): a server out of file descriptors at accept time. The server runs
 * in its own JVM under {@code ulimit -n 256}; the test opens connections until one is not
 * accepted, then checks that the server said so in its log (one line, no stack trace), still
 * serves the connections it has, and accepts the waiting one once some of them close.
 */
@Timeout(60)
class AcceptDescriptorExhaustionTest {
  private static final int LIMIT = 256;

  @TempDir
  Path dir;

  @Test
  void aServerOutOfDescriptorsLogsKeepsItsConnectionsAndRecovers() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && Files.isExecutable(Path.of("/bin/sh")),
        "needs Linux and /bin/sh (ulimit)");
    Path log = dir.resolve("server.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c",
        "ulimit -n " + LIMIT + " && exec \"$0\" -cp \"$1\" " + FdLimitedServer.class.getName(),
        java, System.getProperty("java.class.path"));
    builder.redirectErrorStream(true).redirectOutput(log.toFile()); // its log and its PORT line
    Process server = builder.start();
    List<Socket> open = new ArrayList<>();
    try {
      String[] line = new String[1];
      await("the server listens").atMost(Duration.ofSeconds(30)).until(() -> {
        assertThat(server.isAlive()).as("the server runs (log: %s)", Files.readString(log)).isTrue();
        line[0] = Files.readAllLines(log).stream().filter(l -> l.startsWith("PORT ")).findFirst().orElse(null);
        return line[0] != null;
      });
      String[] words = line[0].split(" ");
      int port = Integer.parseInt(words[1]);
      int fds = Integer.parseInt(words[3]);
      assertThat(fds).as("descriptors the server holds at start").isLessThan(LIMIT - 20);

      // Connect until a connection is not served: the kernel completes it (backlog), the server
      // cannot accept it. Each served connection costs the server one descriptor.
      Socket waiting = null;
      for (int i = 0; i < LIMIT && waiting == null; i++) {
        Socket s = new Socket("127.0.0.1", port);
        open.add(s);
        s.setSoTimeout(i == 0 ? 15_000 : 3_000); // the first call of a fresh JVM loads its classes
        s.getOutputStream().write(echo(i, "hello " + i));
        try {
          assertEchoed(s, i, "hello " + i);
        } catch (SocketTimeoutException e) {
          waiting = s; // not accepted: out of descriptors
        }
      }
      assertThat(waiting).as("a connection the server could not accept").isNotNull();
      int served = open.size() - 1;
      assertThat(served).as("connections served (log: %s)", Files.readString(log)).isBetween(LIMIT - fds - 30, LIMIT - fds + 5);

      await("the log says why").atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(log).contains("Cannot accept connections: "));
      List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains("accept")).toList();
      assertThat(lines).as("one line (per 10 s), saying why").hasSize(1);
      assertThat(lines.get(0)).contains("WARN", "Too many open files", "ulimit -n");

      // The connections it has are still served.
      for (int i = 0; i < served; i += 10) {
        Socket s = open.get(i);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(echo(1000 + i, "again"));
        assertEchoed(s, 1000 + i, "again");
      }

      // Some close: the waiting connection is accepted and its request served.
      for (int i = 0; i < 10; i++) {
        open.get(i).close();
      }
      waiting.setSoTimeout(10_000);
      assertEchoed(waiting, served, "hello " + served);
      Socket fresh = new Socket("127.0.0.1", port);
      open.add(fresh);
      fresh.setSoTimeout(10_000);
      fresh.getOutputStream().write(echo(7, "fresh"));
      assertEchoed(fresh, 7, "fresh");
    } finally {
      for (Socket s : open) {
        s.close();
      }
      server.getOutputStream().close();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static byte[] echo(int id, String text) {
    return Wire.frame(id, 0, concat(TcpEnvelope.prefix("echo"), MsgpackCodec.create().encode(text)));
  }

  private static void assertEchoed(Socket s, int id, String text) throws IOException {
    byte[] reply = Wire.readFrame(s.getInputStream());
    assertThat(reply).as("a reply").isNotNull();
    assertThat(Wire.id(reply)).isEqualTo(id);
    assertThat(Wire.payload(reply)).isEqualTo(MsgpackCodec.create().encode(text));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
