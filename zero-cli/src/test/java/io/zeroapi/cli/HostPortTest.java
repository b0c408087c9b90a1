package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

  @Test
  void parsesHostAndPort() {
    assertThat(HostPort.parse("127.0.0.1:5559")).isEqualTo(new HostPort("127.0.0.1", 5559));
    assertThat(HostPort.parse("localhost:1")).isEqualTo(new HostPort("localhost", 1));
    assertThat(HostPort.parse(" example.org:65535 ")).isEqualTo(new HostPort("example.org", 65535));
  }

  @Test
  void parsesBracketedIpv6() {
    HostPort address = HostPort.parse("[::1]:5559");
    assertThat(address).isEqualTo(new HostPort("::1", 5559));
    assertThat(address).hasToString("[::1]:5559");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "localhost         | no port",
    "localhost:        | must be a number",
    ":5559             | no host",
    "host:http         | must be a number",
    "host:0            | within 1..65535",
    "host:65536        | within 1..65535",
    "host:-1           | within 1..65535",
    "::1:5559          | brackets",
    "[::1]5559         | [IPv6-ADDRESS]:PORT",
    "[::1              | [IPv6-ADDRESS]:PORT",
    "[]:5559           | no host",
  })
  void rejectsBadAddressesSayingWhy(String text, String reason) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
  }

  @Test
  void rejectsAnEmptyAddress() {
    assertThatThrownBy(() -> HostPort.parse("  ")).isInstanceOf(IllegalArgumentException.class);
  }
}
