package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.BearerTokens;
import io.zeroapi.Metadata;
import io.zeroapi.Protocol;
import io.zeroapi.TypeRef;
import io.zeroapi.ZeroClient;
import io.zeroapi.testing.Python;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Java client with metadata, a bearer token and deadlines calls a Python server that handles
 * requests as the original does (pyzmq and msgspec: test resources' python/original_server.py), on
 * each transport: every call is answered, nothing is dropped, and after the client's one question
 * ({@code connect}) each request is byte for byte what the original's client sends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractPythonServerMetadataTest {
  /** The transport under test. */
  protected abstract Protocol protocol();

  @Test
  void aPythonServerAnswersAJavaClientThatHasMetadataAndGetsTheOriginalsBytes() throws Exception {
    Python.require();
    String transport = protocol() == Protocol.TCP ? "tcp" : "zmq";
    try (Python.Server python = Python.serve("original_server.py", transport);
        ZeroClient client = ZeroClient.builder("127.0.0.1", python.port()).protocol(protocol())
            .intercept(BearerTokens.client("t0ken")).build()) {
      ZeroClient acme = client.withMetadata(Metadata.of("tenant", "acme"));
      assertThat(acme.call("echo", "hi", String.class)).isEqualTo("hi");
      assertThat(acme.async().call("echo", Map.of("n", 1), Map.class).get(10, TimeUnit.SECONDS))
          .isEqualTo(Map.of("n", 1L));
      assertThat(client.call("dropped", Integer.class)).isZero();
      List<String> seen = client.call("seen", null, new TypeRef<List<String>>() {});
      assertThat(seen).hasSize(3);
      assertThat(seen.get(0)).as("the client's question").contains("636f6e6e656374"); // "connect"
      String echoHi = protocol() == Protocol.TCP
          ? "82a2666ea46563686fa464617461a26869" // {"fn": "echo", "data": "hi"}: spec 2.3's example
          : "6563686f" + "20".repeat(76) + "a26869"; // "echo" padded to 80, then "hi": spec 2.2's example
      assertThat(seen.get(1)).isEqualTo(echoHi);
    }
  }
}
