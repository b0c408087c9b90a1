package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.cli.ui.WebConsole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console's page in headless Chromium, against a live example server (ZeroMQ, what {@code
 * ./zero serve} runs; the API tests cover both transports): one browser for the class.
 *
 * <p>It also takes the README's screenshot: {@code target/web-console.png} every run, and the file
 * named by the system property {@code zero.ui.screenshot} when set ({@code mvn ... test
 * -Dtest=WebConsoleBrowserTest -Dzero.ui.screenshot=$PWD/docs/web-console.png}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConsoleBrowserTest {
  /** The page polls this often here, so that a server's going and coming shows within a test's time. */
  private static final long POLL_MILLIS = 200;

  private ZeroServer server;
  private WebConsole console;
  private Path profile;
  private ChromeDriver browser;

  /** Why the tests are skipped (no Chromium), or null. */
  private String missing;

  @BeforeAll
  void start() {
    missing = HeadlessChromium.missing();
    if (missing != null) {
      return;
    }
    profile = HeadlessChromium.profile();
    browser = HeadlessChromium.start(profile);
    server = ExampleServers.start(Protocol.ZMQ);
    console = WebConsoles.start(Protocol.ZMQ, server.port(), POLL_MILLIS);
  }

  @AfterAll
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
      HeadlessChromium.delete(profile);
    }
    if (console != null) {
      console.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void needsTheBrowser() {
    assumeTrue(missing == null, missing);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
  }

  /** Opens the page and waits until it lists the functions. */
  private void open(WebConsole page) {
    browser.get(page.uri().toString());
    waiting().until(d -> !d.findElements(By.cssSelector("#functions li[data-function]")).isEmpty());
  }

  private WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  private void select(String function) {
    browser.findElement(By.cssSelector("#functions li[data-function='" + function + "']")).click();
  }

  private void type(String id, String text) {
    WebElement field = byId(id);
    field.clear();
    field.sendKeys(text);
  }

  /** Clicks Call and waits for the outcome's badge: {@code ok} or the error kind. */
  private String call() {
    String before = byId("history").getText();
    byId("call").click();
    waiting().until(d -> byId("result").isDisplayed() && byId("call").isEnabled()
        && !byId("history").getText().equals(before));
    return byId("result-status").getText();
  }

  @Test
  void listsEveryFunctionOfTheServerWithItsSignature() {
    open(console);
    List<WebElement> items = browser.findElements(By.cssSelector("#functions li[data-function]"));
    assertThat(items).extracting(item -> item.getDomAttribute("data-function"))
        .containsExactlyInAnyOrderElementsOf(server.functions());
    assertThat(byId("status").getText()).contains("Connected to 127.0.0.1:" + server.port())
        .contains(server.functions().size() + " functions");
    select("process_order");
    assertThat(byId("signature").getText()).isEqualTo("process_order(order: Order) → Order");
    assertThat(byId("types").getText()).contains("Order (record)").contains("created_at").contains("timestamp");
  }

  @Test
  void aCallOfProcessOrderShowsTheReplyTheTimeAndTheCommandLine() throws IOException {
    open(console);
    select("process_order");
    assertThat(byId("argument").getDomProperty("value")).contains("\"created_at\": \"2025-01-01T12:00:00Z\"");
    assertThat(call()).isEqualTo("ok");
    assertThat(byId("result-body").getText()).contains("\"name\": \"TEXT\"").contains("\"processed\"")
        .contains("\"created_at\": \"2025-01-02T12:00:00Z\"");
    assertThat(byId("result-time").getText()).matches("[0-9.]+ (µs|ms|s)");
    assertThat(byId("command").getText()).startsWith("./zero call 127.0.0.1:" + server.port() + " process_order '{");
    assertThat(browser.findElement(By.cssSelector("#history li")).getDomAttribute("data-function"))
        .isEqualTo("process_order");
    screenshot();
  }

  private void screenshot() throws IOException {
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    Files.write(Path.of("target", "web-console.png"), png);
    String wanted = System.getProperty("zero.ui.screenshot");
    if (wanted != null && !wanted.isBlank()) {
      Files.write(Path.of(wanted), png);
    }
  }

  @Test
  void aBadArgumentShowsTheValidationPath() {
    open(console);
    select("echo_point");
    type("argument", "{\"x\": 1, \"y\": 2.5, \"label\": \"p\", \"ts\": \"2025-01-01T12:00:00Z\", \"tags\": [1, \"two\"]}");
    assertThat(call()).isEqualTo("validation");
    assertThat(byId("result-path").getText()).isEqualTo("at $.tags[1]");
    assertThat(byId("result-body").getText()).contains("Expected `int`, got `str`");
  }

  @Test
  void aFunctionSlowerThanTheTimeoutShowsATimeout() {
    open(console);
    select("sleep_async");
    type("argument", "1000");
    type("timeout", "100");
    assertThat(call()).isEqualTo("timeout");
    assertThat(byId("result-body").getText()).contains("timed out after 100 ms");
    assertThat(byId("command").getText()).endsWith("sleep_async 1000 --timeout 100");
  }

  @Test
  void invalidJsonIsRefusedOnThePageWithoutACall() {
    open(console);
    select("echo");
    type("argument", "hello");
    byId("call").click();
    waiting().until(d -> "invalid-json".equals(byId("result-status").getText()));
    assertThat(byId("result-body").getText()).contains("not valid JSON, so nothing was sent");
    assertThat(byId("result-time").getText()).isEqualTo("not sent");
    assertThat(browser.findElements(By.cssSelector("#history li[data-function]"))).isEmpty();
  }

  @Test
  void thePageSaysWhenTheServerGoesAwayAndRecoversWhenItReturns() {
    ZeroServer own = ExampleServers.start(Protocol.ZMQ);
    int port = own.port();
    try (WebConsole ownConsole = WebConsoles.start(Protocol.ZMQ, port, POLL_MILLIS, 500)) {
      open(ownConsole);
      waiting().until(d -> byId("status").getDomAttribute("class").contains("up"));
      own.close();
      waiting().until(d -> byId("status").getDomAttribute("class").contains("down"));
      assertThat(byId("status").getText()).contains("Cannot reach the server at 127.0.0.1:" + port)
          .contains("Retrying");
      own = ExampleServers.start(Protocol.ZMQ, port);
      waiting().until(d -> byId("status").getDomAttribute("class").contains("up"));
      assertThat(byId("status").getText()).startsWith("The server is back.");
      select("hello_world");
      assertThat(call()).isEqualTo("ok");
      assertThat(byId("result-body").getText()).isEqualTo("\"hello world\"");
    } finally {
      own.close();
    }
  }
}
