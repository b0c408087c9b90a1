package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code zero ui}: its place in the help and its usage errors (the console itself: the WebConsole tests). */
class UiCommandTest {

  @Test
  void theHelpListsItAndSaysHowToStart() {
    CommandLineTest.Run help = CommandLineTest.run("--help");
    assertThat(help.out()).containsPattern("(?m)^  ui +Serves a web console for a server");
    CommandLineTest.Run ui = CommandLineTest.run("ui", "--help");
    assertThat(ui.exitCode()).isZero();
    assertThat(ui.out()).contains("--listen=HOST:PORT").contains("default: 127.0.0.1:8080")
        .contains("zero ui 127.0.0.1:5559");
  }

  @Test
  void aBadListenAddressOrTimeoutIsAUsageError() {
    CommandLineTest.assertUsageError(CommandLineTest.run("ui", "127.0.0.1:5559", "--listen", "8080"),
        "zero ui", "expected HOST:PORT");
    CommandLineTest.assertUsageError(CommandLineTest.run("ui", "127.0.0.1:5559", "--timeout", "0"),
        "zero ui", "--timeout must be positive");
    CommandLineTest.assertUsageError(CommandLineTest.run("ui", "127.0.0.1:5559", "--protocol", "tcp",
        "--curve-server-key", "x"), "zero ui", "--curve-server-key is for --protocol zmq");
  }

  @Test
  void aListenPortInUseIsOneLineThatSaysWhatToDo() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CommandLineTest.Run run = CommandLineTest.run("ui", "127.0.0.1:5559", "--listen",
          "127.0.0.1:" + taken.getLocalPort());
      assertThat(run.exitCode()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().strip()).startsWith("error: cannot listen on").contains("--listen 127.0.0.1:PORT")
          .doesNotContain("\n");
    }
  }
}
