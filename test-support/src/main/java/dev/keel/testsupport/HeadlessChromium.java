package dev.keel.testsupport;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver through Selenium, on a fresh profile that
 * {@link #close()} deletes. Opens files or URLs, runs scripts, reports the console's errors and saves
 * screenshots. Fails with what to install when Chromium or its driver is missing (browser tests never skip).
 * The module using it declares {@code selenium-java} (test scope).
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final int width;

    private HeadlessChromium(int width, int height) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("this test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does it)");
        }
        this.width = width;
        this.profile = Files.createTempDirectory("keel-selenium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    /** A window of 1100 × 1000 pixels. */
    public static HeadlessChromium start() throws IOException {
        return start(1100, 1000);
    }

    public static HeadlessChromium start(int width, int height) throws IOException {
        return new HeadlessChromium(width, height);
    }

    /** The Selenium driver, for waits and element lookups. */
    public WebDriver driver() {
        return driver;
    }

    public void open(Path file) {
        driver.get(file.toAbsolutePath().toUri().toString());
    }

    public void open(String url) {
        driver.get(url);
    }

    public Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** Console messages at SEVERE (errors, failed loads) since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** The window as it is, saved as PNG. */
    public Path screenshot(Path png) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        return png;
    }

    /** Resizes the window to the page's height (at most 12,000 pixels), then saves it as PNG. */
    public Path fullPageScreenshot(Path png) throws IOException {
        long height = ((Number) script("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(12_000, height + 40)));
        return screenshot(png);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
