package io.inbetween.serve;

import io.inbetween.testing.TestClips;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.decoder.LiveOptions;
import io.inbetween.decoder.source.SourcePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page in Debian's headless Chromium, driven by Selenium through /usr/bin/chromedriver (no
 * driver or browser download): upload a real clip through the page, watch the job's progress bar
 * reach 100%, play the before/after view, and see non-zero data on the live dashboards.
 * Screenshots go to target/screenshots/.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    @TempDir static Path data;
    @TempDir static Path profile;
    static ServeApp server;
    static WebDriver browser;

    @BeforeAll static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER))
            throw new IllegalStateException("the browser test needs Debian's chromium and chromium-driver: "
                    + "apt-get install chromium chromium-driver (scripts/test.sh installs them)");
        Files.createDirectories(SCREENSHOTS);
        server = ServeApp.start(ServeSettings.defaults(data, new SynthesizerOptions("blend", "cpu", 4, null)).withPreset("ultrafast")
                .withLive(LiveOptions.DEFAULT.withPolicy(SourcePolicy.allowing("127.0.0.1").bindingTo("127.0.0.1"))));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1100", "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test @Order(1) void uploadThroughThePageAndWatchItOnTheDashboards() throws IOException {
        String base = "http://127.0.0.1:" + server.port();
        browser.get(base + "/");
        await(Duration.ofSeconds(30), "the live connection", () -> text("connection").equals("live"));

        browser.findElement(By.id("file-input")).sendKeys(TestClips.ballWithAudio().toAbsolutePath().toString());
        new Select(browser.findElement(By.id("rate"))).selectByValue("factor:2");
        new Select(browser.findElement(By.id("quality"))).selectByValue("crf:23");
        browser.findElement(By.id("submit")).click();
        await(Duration.ofSeconds(60), "the queued message", () -> text("upload-message").startsWith("Queued"));
        screenshot("1-queued");

        WebElement row = browser.findElement(By.cssSelector("#jobs tbody tr[data-job]"));
        String id = row.getAttribute("data-job");
        await(Duration.ofMinutes(4), "job " + id + " done", () -> "done".equals(row.getAttribute("data-state")));
        WebElement bar = row.findElement(By.cssSelector(".bar"));
        assertThat(bar.getAttribute("aria-valuenow")).isEqualTo("100");
        await(Duration.ofSeconds(5), "the bar filled", () -> js("return getComputedStyle(arguments[0].firstElementChild).width === getComputedStyle(arguments[0]).width", bar).equals(Boolean.TRUE));
        assertThat(row.findElement(By.cssSelector(".frames")).getText()).isEqualTo("100 / 100");
        assertThat(row.findElement(By.cssSelector("a.download")).getAttribute("href")).isEqualTo(base + "/api/jobs/" + id + "/output");
        screenshot("2-done");

        row.findElement(By.cssSelector(".compare-button")).click();
        await(Duration.ofSeconds(30), "the result's metadata in the player",
                () -> ((Number) js("return document.getElementById('after').readyState")).intValue() >= 1);
        assertThat(((Number) js("return document.getElementById('after').duration")).doubleValue()).isBetween(1.9, 2.1);
        assertThat(((Number) js("return document.getElementById('before').duration")).doubleValue()).isBetween(1.9, 2.1);
        browser.findElement(By.id("compare-play")).click();
        await(Duration.ofSeconds(20), "both players running",
                () -> js("return !document.getElementById('after').paused && document.getElementById('after').currentTime > 0.2").equals(Boolean.TRUE));
        screenshot("3-before-after");

        // a second clip by drag and drop: a drop event carrying a file, as the browser makes it
        js("const dt = new DataTransfer();"
                + "return fetch(arguments[0]).then(r => r.blob()).then(b => {"
                + "  dt.items.add(new File([b], 'dropped.mp4', {type: 'video/mp4'}));"
                + "  document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + "})", "/api/jobs/" + id + "/source");
        await(Duration.ofSeconds(10), "the dropped file named", () -> text("drop-text").startsWith("dropped.mp4"));
        browser.findElement(By.id("submit")).click();
        await(Duration.ofSeconds(60), "the dropped clip queued", () -> text("upload-message").contains("dropped.mp4"));
        await(Duration.ofMinutes(4), "two jobs done", () -> browser.findElements(By.cssSelector("#jobs tbody tr[data-state=done]")).size() == 2);

        browser.findElement(By.id("tab-dashboard")).click();
        for (String chart : List.of("chart-stages", "chart-bytes", "chart-progress", "chart-interpolator", "chart-latency")) {
            await(Duration.ofSeconds(30), chart + " with non-zero data", () -> maxOf(chart) > 0);
            await(Duration.ofSeconds(10), chart + " drawn", () -> ((Number) js(
                    "const c = document.querySelector('#' + arguments[0] + ' canvas');"
                            + "if (!c || c.width === 0) return 0;"
                            + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + "let coloured = 0; for (let i = 0; i < d.length; i += 4) if (d[i+3] > 0 && Math.max(d[i], d[i+1], d[i+2]) - Math.min(d[i], d[i+1], d[i+2]) > 60) coloured++;"
                            + "return coloured;", chart)).intValue() > 50);
        }
        assertThat(browser.findElements(By.cssSelector("#chart-lag .stat"))).as("consumer groups on the lag chart").isNotEmpty();
        for (String stage : List.of("decoder", "interpolator", "reorderer", "encoder"))
            assertThat(((Number) js("return Number(document.querySelector('#chart-stages .stat[data-series=\"' + arguments[0] + '\"]').dataset.max)",
                    stage)).doubleValue()).as("frames per second of the %s", stage).isGreaterThan(0);
        screenshot("4-dashboard");
    }

    @Test @Order(2) void aLiveFeedPlaysInThePageWhileItIsInterpolated() throws Exception {
        browser.findElement(By.id("tab-jobs")).click();
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        browser.findElement(By.id("source-url")).sendKeys("udp://127.0.0.1:" + port);
        browser.findElement(By.id("submit")).click();
        await(Duration.ofSeconds(30), "the live job queued", () -> text("upload-message").startsWith("Queued"));
        Process feed = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-t", "30", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-f", "mpegts",
                "udp://127.0.0.1:" + port + "?pkt_size=1316").redirectErrorStream(true).start();
        try {
            By live = By.cssSelector("#jobs tbody tr[data-state=running], #jobs tbody tr[data-state=queued]");
            await(Duration.ofSeconds(30), "the live job's row", () -> !browser.findElements(live).isEmpty());
            WebElement row = browser.findElement(live);
            WebElement watch = row.findElement(By.cssSelector(".live-button"));
            // two segments written, so that the player has something to start on
            await(Duration.ofSeconds(60), "the live job running with a playlist", () -> watch.isDisplayed()
                    && "running".equals(row.getAttribute("data-state")) && Long.parseLong(row.findElement(By.cssSelector(".frames")).getText().split(" ")[0]) > 120);
            assertThat(row.findElement(By.cssSelector(".cancel")).getText()).isEqualTo("Stop");
            watch.click();
            await(Duration.ofSeconds(30), "the live video playing", () -> ((Number) js("return document.getElementById('after').currentTime")).doubleValue() > 0.5);
            double first = ((Number) js("return document.getElementById('after').currentTime")).doubleValue();
            // at the live edge the player waits for each next segment, and may seek back to keep its distance
            await(Duration.ofSeconds(20), "the video element's time advancing a second past " + first,
                    () -> ((Number) js("return document.getElementById('after').currentTime")).doubleValue() > first + 1);
            assertThat(((Number) js("return document.getElementById('after').videoWidth")).intValue()).isEqualTo(320);
            screenshot("5-live");
            row.findElement(By.cssSelector(".cancel")).click(); // Stop
            await(Duration.ofSeconds(60), "the live job done", () -> "done".equals(row.getAttribute("data-state")));
        } finally {
            feed.destroyForcibly();
        }
    }

    /** The largest value any series of a chart held in its window, as the chart's legend reports it. */
    private static double maxOf(String chart) {
        // read in one script: the legend is redrawn every second, so element handles go stale
        return ((Number) js("return Math.max(0, ...[...document.querySelectorAll('#' + arguments[0] + ' .stat')].map(s => Number(s.dataset.max)))",
                chart)).doubleValue();
    }

    private static String text(String id) { return browser.findElement(By.id(id)).getText().strip(); }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, timeout, Duration.ofMillis(200)).withMessage("waiting for " + what).until(d -> condition.getAsBoolean());
        } catch (RuntimeException e) {
            screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    private static void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
