package io.zeroapi.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the web console's browser tests, through Debian's {@code chromium} and
 * {@code chromium-driver} packages ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; the
 * variables {@code ZERO_CHROMIUM} and {@code ZERO_CHROMEDRIVER} name others). Without them the
 * tests are skipped, each saying why, unless {@code ZERO_REQUIRE_CHROMIUM=1} (CI, which installs them):
 * then they fail. Selenium is given both paths, so it never looks for or downloads a driver.
 */
final class HeadlessChromium {
  /** Selenium warns that it has no DevTools support for this exact Chromium version: WebDriver needs none. */
  private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

  private HeadlessChromium() {}

  /**
   * Why there is no browser to test with (to skip each test with), or {@code null} if there is one.
   * Fails instead, with the reason, when {@code ZERO_REQUIRE_CHROMIUM=1}.
   */
  static String missing() {
    for (Path executable : new Path[] {browser(), driver()}) {
      if (!Files.isExecutable(executable)) {
        String reason = "no " + executable + ": the web console's browser tests need headless Chromium "
            + "(Debian/Ubuntu: apt-get install chromium chromium-driver)";
        if ("1".equals(System.getenv("ZERO_REQUIRE_CHROMIUM"))) {
          fail(reason + " (and ZERO_REQUIRE_CHROMIUM=1)");
        }
        return reason;
      }
    }
    return null;
  }

  private static Path browser() {
    return Path.of(System.getenv().getOrDefault("ZERO_CHROMIUM", "/usr/bin/chromium"));
  }

  private static Path driver() {
    return Path.of(System.getenv().getOrDefault("ZERO_CHROMEDRIVER", "/usr/bin/chromedriver"));
  }

  /** A new headless browser with a fresh profile in {@code profile}; call it when {@link #missing} is null. */
  static ChromeDriver start(Path profile) {
    Path browser = browser();
    Path driver = driver();
    SELENIUM.setLevel(Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1100", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(driver.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  /** A fresh profile directory under target/. */
  static Path profile() {
    try {
      Path target = Path.of("target");
      Files.createDirectories(target);
      return Files.createTempDirectory(target, "chromium-profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a profile directory and everything in it. */
  static void delete(Path profile) throws IOException {
    try (Stream<Path> paths = Files.walk(profile)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
