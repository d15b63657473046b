package dev.keel.gateway;

import dev.keel.config.SloConfig;
import dev.keel.slo.SloApp;
import dev.keel.testsupport.HeadlessChromium;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in Debian's Chromium (headless, driven by Selenium through Debian's chromedriver):
 * the status page draws its charts from live SLO data, and the playground answers a prompt, then,
 * with the gateway stopped, answers it again from the service worker's cache, marked as cached with
 * its age. Screenshots go to {@code target/screenshots/}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConsoleBrowserIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConsoleBrowserIT.class);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void shouldDrawStatusChartsAndAnswerFromTheServiceWorkerCacheWhenTheGatewayIsDown(KafkaBroker broker, @TempDir Path dir) throws Exception {
        try (GatewayStack stack = new GatewayStack(broker, c -> c.withSlo(new SloConfig(KafkaBroker.uniqueName("keel-slo"),
                Duration.ofSeconds(5), Duration.ofSeconds(1), null, 0, null, null, null, null, null, null, null, null)));
             SloApp slo = SloApp.start(stack.config, Map.of("state.dir", dir.resolve("slo").toString()))) {
            stack.reconfigureGateway(c -> c.withGateway(c.gateway().withSloStatusUrl(slo.statusUri().toString())));
            goodTraffic(stack);
            try (HeadlessChromium chromium = HeadlessChromium.start(1280, 1000)) {
                WebDriver browser = chromium.driver();
                // Status page: charts from live data; the budget burns down and alerts appear as calls fail
                browser.get(stack.uri() + "/console/status.html");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(250));
                wait.until(d -> count(d, "#chart-success svg rect.bar") >= 3 && count(d, "#chart-p95 svg rect.bar") >= 3
                        && count(d, "#chart-providers svg path.slice") == 2 && history(d) >= 1);
                screenshot(chromium, "status-healthy.png");
                failingTraffic(stack);
                wait.until(d -> count(d, "#alerts tr.alert") >= 1 && count(d, "#chart-burndown svg path.burndown") == 1
                        && history(d) >= 2 && d.findElement(By.id("budget-now")).getText().contains("overspent"));
                screenshot(chromium, "status-alerts.png");

                // Playground, online: a live answer (the service worker controls the page and keeps the answer)
                browser.get(stack.uri() + "/console/playground.html");
                wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return navigator.serviceWorker.controller !== null")));
                String prompt = "What does Keel promise? " + UUID.randomUUID();
                ask(browser, GatewayStack.ACME_KEY, prompt);
                wait.until(d -> !d.findElements(By.id("live-badge")).isEmpty());
                String live = browser.findElement(By.id("answer")).getText();
                assertThat(live).isNotBlank();
                assertThat(browser.findElement(By.id("meta")).getText()).contains("provider: ", "cache: MISS", "attempts: ");
                screenshot(chromium, "playground-live.png");

                // Offline: the gateway is gone; the same prompt (whitespace aside) is answered from the browser's cache
                stack.gateway.close(Duration.ZERO);
                ask(browser, GatewayStack.ACME_KEY, "  " + prompt.replace(" ", "   ") + "\n");
                wait.until(d -> !d.findElements(By.id("cached-banner")).isEmpty());
                assertThat(browser.findElement(By.id("answer")).getText()).isEqualTo(live);
                assertThat(browser.findElement(By.id("cached-banner")).getText()).contains("cached", "Offline", "old");
                assertThat(browser.findElement(By.id("cached-age")).getText()).matches("\\d+ (s|min|h)");
                screenshot(chromium, "playground-offline-cached.png");

                // Offline, a prompt never answered: no cached answer, and it says so
                ask(browser, GatewayStack.ACME_KEY, "A question never asked " + UUID.randomUUID());
                wait.until(d -> !d.findElements(By.id("error-banner")).isEmpty());
                assertThat(browser.findElement(By.id("error-banner")).getText()).contains("Offline", "no earlier answer");
                screenshot(chromium, "playground-offline-miss.png");
            }
        }
    }

    /** Calls answered by both providers. */
    private static void goodTraffic(GatewayStack stack) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String model = i % 4 == 0 ? "keel-secondary" : "keel";
            String body = Http.chat("Status traffic " + i + " " + UUID.randomUUID(), false).replace("\"model\":\"keel\"", "\"model\":\"" + model + "\"");
            calls.add(Http.sendAsync(Http.post(stack.uri(), GatewayStack.ACME_KEY, body, Map.of("X-Keel-Feature", i % 2 == 0 ? "summarize" : "chat"))));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    /** Calls that fail (the primary down, an alias without failover), so the budget burns and alerts fire. */
    private static void failingTraffic(GatewayStack stack) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        stack.primary.outage(true);
        for (int i = 0; i < 30; i++) {
            String body = Http.chat("Doomed " + i + " " + UUID.randomUUID(), false).replace("\"model\":\"keel\"", "\"model\":\"keel-primary-only\"");
            calls.add(Http.sendAsync(Http.post(stack.uri(), GatewayStack.ACME_KEY, body, Map.of("X-Keel-Feature", "chat"))));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        stack.primary.outage(false);
    }

    private static void ask(WebDriver browser, String key, String prompt) {
        var keyField = browser.findElement(By.id("api-key"));
        keyField.clear();
        keyField.sendKeys(key);
        var text = browser.findElement(By.id("prompt"));
        text.clear();
        text.sendKeys(prompt);
        browser.findElement(By.id("send")).click();
    }

    private static long count(WebDriver d, String css) {
        return d.findElements(By.cssSelector(css)).size();
    }

    private static long history(WebDriver d) {
        Object n = ((JavascriptExecutor) d).executeScript("return JSON.parse(sessionStorage.getItem('keel.burndown') || '[]').length");
        return n instanceof Number number ? number.longValue() : 0;
    }

    private static void screenshot(HeadlessChromium chromium, String name) throws Exception {
        Path target = chromium.screenshot(SCREENSHOTS.resolve(name));
        LOGGER.info("screenshot {}", target.toAbsolutePath());
    }
}
