package io.zeroapi.examples.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metrics example: after some calls, a scrape of /metrics has their series. */
@Timeout(60)
class MetricsServerTest {
  @Test
  void aScrapeAfterSomeCallsHasTheirSeries() throws Exception {
    try (MetricsServer running = MetricsServer.start("127.0.0.1", 0, 0);
        ZeroClient client = ZeroClient.builder("127.0.0.1", running.server().port()).protocol(Protocol.TCP)
            .timeout(Duration.ofSeconds(10)).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(client.call("hello_world", String.class)).isEqualTo("hello world");
      }
      assertThatThrownBy(() -> client.call("no_such_function", String.class))
          .isInstanceOf(FunctionNotFoundException.class);

      HttpResponse<String> scrape = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.metricsPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      String text = scrape.body();
      assertThat(text)
          .contains("zero_server_calls_seconds_count{function=\"hello_world\",outcome=\"ok\"} 3")
          .contains("zero_server_calls_seconds_count{function=\"unknown\",outcome=\"not_found\"} 1")
          .containsPattern("zero_server_calls_seconds_bucket\\{function=\"hello_world\",outcome=\"ok\",le=\"[0-9.E-]+\"} 3")
          .contains("zero_server_calls_active 0")
          .contains("zero_server_connections{protocol=\"tcp\"} 1")
          .contains("zero_server_connections_refused_total{protocol=\"tcp\"} 0")
          .containsPattern("zero_server_request_bytes_total\\{protocol=\"tcp\"} [1-9]")
          .containsPattern("zero_server_reply_bytes_total\\{protocol=\"tcp\"} [1-9]")
          .contains("zero_server_calls_busy_total{protocol=\"tcp\"} 0")
          .doesNotContain("no_such_function")
          .doesNotContain("zero_client_calls_active");
      System.out.println(text); // the README's piece of a real scrape comes from here
    }
  }
}
