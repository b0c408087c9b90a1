package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.TlsConfig;
import org.junit.jupiter.api.Test;

/**
 * TLS on OpenSSL (BoringSSL through netty-tcnative, a test-scoped dependency of this module): what
 * {@link TlsConfig.Provider#AUTO} picks when it is on the class path.
 */
class OpenSslTlsTest extends AbstractTlsTest {
  @Override
  protected TlsConfig.Provider provider() {
    return TlsConfig.Provider.OPENSSL;
  }

  @Test
  void openSslIsWhatAutoPicksWhenNettyTcnativeIsOnTheClassPath() {
    assertThat(TlsConfig.availableProvider()).isEqualTo(TlsConfig.Provider.OPENSSL);
  }
}
