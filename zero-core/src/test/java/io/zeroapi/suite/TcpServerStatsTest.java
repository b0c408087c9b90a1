package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zeroapi.Protocol;
import io.zeroapi.ServerStats;
import io.zeroapi.ZeroServer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Server statistics over raw TCP, with the connection figures and byte counts to the byte. */
class TcpServerStatsTest extends AbstractServerStatsTest {
  // {"fn": "echo", "data": "hi"} and its reply "hi", as the original's client sends and reads them.
  private static final byte[] ECHO_CALL = HexFormat.of().parseHex("82a2666ea46563686fa464617461a26869");
  private static final int ECHO_REPLY_LENGTH = 3;

  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }

  @Test
  void connectionsOpenAndRefusedAtTheCapAndBytesToTheByte() throws Exception {
    ZeroServer server = started(builder().maxConnections(1).build().register("echo", String.class, s -> s));
    ServerStats stats = server.stats();
    try (Socket first = new Socket("127.0.0.1", server.port())) {
      DataOutputStream out = new DataOutputStream(first.getOutputStream());
      DataInputStream in = new DataInputStream(first.getInputStream());
      out.writeInt(5 + ECHO_CALL.length);
      out.writeInt(1);
      out.writeByte(0);
      out.write(ECHO_CALL);
      out.flush();
      int length = in.readInt();
      in.readFully(new byte[length]);
      assertThat(length).isEqualTo(5 + ECHO_REPLY_LENGTH);
      assertThat(stats.connectionsOpen()).isEqualTo(1);
      assertThat(stats.bytesReceived()).isEqualTo(4 + 5 + ECHO_CALL.length);
      assertThat(stats.bytesSent()).isEqualTo(4 + 5 + ECHO_REPLY_LENGTH);

      try (Socket second = new Socket("127.0.0.1", server.port())) {
        second.setSoTimeout(5_000);
        assertThat(second.getInputStream().read()).as("closed by the server at the cap").isEqualTo(-1);
        assertThat(stats.connectionsRefused()).isEqualTo(1);
      }
    }
    // The server counts the close when it sees it.
    await().atMost(Duration.ofSeconds(5)).until(() -> stats.connectionsOpen() == 0);
  }
}
