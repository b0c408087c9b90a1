package io.zeroapi.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke of the harness: two systems (Zero TCP and raw Netty), hello at 1×4, about a second
 * each, one round, servers spawned as separate JVMs. Checks that it ran and wrote well-formed
 * output, and that it says it is a smoke instead of judging targets; never a timing assertion.
 */
class BenchSmokeTest {
  @Test
  @Timeout(120)
  void quickRunWritesJsonMarkdownAndSvg(@TempDir Path out) throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = BenchMain.run("--quick", "--systems", "zero-tcp,netty", "--out", out.toString(), "--seed", "1");
    } finally {
      System.setErr(originalErr);
      originalErr.print(progress.toString(StandardCharsets.UTF_8)); // still in the build log
    }
    String printed = progress.toString(StandardCharsets.UTF_8);

    assertThat(code).as(printed).isZero();
    // What the smoke prints in a green build says it is a smoke and judges nothing.
    assertThat(printed).contains("bench: " + Report.SMOKE_NOTE).doesNotContainPattern("\\bmet\\b");
    JsonNode root = new ObjectMapper().readTree(Files.readString(out.resolve("benchmarks.json")));
    assertThat(root.path("mode").asText()).isEqualTo("quick");
    assertThat(root.path("machine").path("nproc").asInt()).isPositive();
    assertThat(root.path("versions").path("netty").asText()).isNotBlank();
    JsonNode results = root.path("results");
    assertThat(results.isArray()).isTrue();
    assertThat(results.size()).isEqualTo(2);
    for (JsonNode r : results) {
      for (String field : List.of("system", "workload", "connections", "in_flight", "throughput", "p50_us", "p99_us",
          "p999_us", "alloc_bytes_per_call")) {
        assertThat(r.has(field)).as("field %s in %s", field, r).isTrue();
      }
      assertThat(r.path("workload").asText()).isEqualTo("hello");
      assertThat(r.path("connections").asInt()).isEqualTo(1);
      assertThat(r.path("in_flight").asInt()).isEqualTo(4);
      assertThat(r.path("throughput").asDouble()).isPositive();
    }
    assertThat(results.findValuesAsText("system")).containsExactlyInAnyOrder("zero-tcp", "netty");
    assertThat(root.path("targets").isArray()).isTrue();

    String md = Files.readString(out.resolve("benchmarks.md"));
    assertThat(md).startsWith("# Benchmarks").contains("## Targets").contains("zero-tcp").contains("netty");
    // A smoke inside a green build says it is one, and judges no target on seconds-long figures.
    assertThat(root.path("smoke").asBoolean()).isTrue();
    assertThat(md).contains("This is a smoke run").doesNotContain("not met").doesNotContain("**met**");
    for (JsonNode target : root.path("targets")) {
      assertThat(target.path("status").asText()).isEqualTo(Report.NOT_JUDGED);
    }
    assertThat(Files.readString(out.resolve("benchmarks.svg"))).startsWith("<svg").endsWith("</svg>\n");
  }
}
