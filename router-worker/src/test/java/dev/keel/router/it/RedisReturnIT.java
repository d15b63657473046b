package dev.keel.router.it;

import dev.keel.config.BudgetConfig;
import dev.keel.config.BudgetPeriod;
import dev.keel.config.CacheConfig;
import dev.keel.config.RoutingConfig;
import dev.keel.config.Secret;
import dev.keel.config.TenantBudget;
import dev.keel.schemas.CacheOutcome;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import dev.keel.testsupport.ScratchRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped under load and started again: every request is served throughout (fail-open), and once Redis
 * answers, repeats hit the cache again and the shared ledger is written again within 2 s (Lettuce's reconnect
 * delay is capped at 500 ms). The outage lasts 10 s to keep the suite fast ({@code -Dkeel.it.redis-outage-seconds=60}
 * plays the minute-long one); its length does not matter, since the delay between reconnect attempts never grows past
 * the cap.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RedisReturnIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(RedisReturnIT.class);
    private static final String PREFIX = "redis-return";
    private static final int PER_SECOND = 20;
    private static final int OUTAGE_SECONDS = Integer.getInteger("keel.it.redis-outage-seconds", 10);

    private static PromptRequest ask(String id, String prompt) {
        return PromptRequest.newBuilder(WorkerStack.request(id)).setMessages(List.of(new ChatMessage(MessageRole.user, prompt))).build();
    }

    private static long pickedUpAt(PromptResult r) {
        return r.getCompletedAt() - r.getLatencyMs();
    }

    @Test
    void shouldServeThroughoutAndHitAgainWithinTwoSecondsWhenRedisComesBack(KafkaBroker broker) throws Exception {
        try (ScratchRedis redis = ScratchRedis.start();
             WorkerStack stack = WorkerStack.start(broker, WorkerStack.FAST, config -> config
                     // What is tested is Redis: a TTFT limit this shared build machine cannot blow on its own
                     .withRouting(new RoutingConfig(null, null, Duration.ofSeconds(10), Duration.ofSeconds(10), null, null, null, null, null))
                     .withCache(new CacheConfig(true, Secret.of(redis.uri()), Duration.ofHours(1), Duration.ofHours(1),
                             Duration.ofMillis(250), null, PREFIX, Duration.ofSeconds(1)))
                     .withBudget(new BudgetConfig(null, null, null, null, null,
                             Map.of("acme", new TenantBudget(BudgetPeriod.DAY, new BigDecimal("100"))), null, null)))) {
            // Given: a worker under steady load: every tick a new prompt and a repeat of one of five popular ones
            stack.startWorker("redis-return");
            stack.send(ask("rr-warm-up", "Warm up"));
            stack.flush();
            stack.awaitResults(List.of("rr-warm-up"), Duration.ofSeconds(60));
            List<String> ids = new ArrayList<>();
            List<String> probes = new ArrayList<>();
            AtomicInteger tick = new AtomicInteger();
            ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
            load.scheduleAtFixedRate(() -> {
                int i = tick.getAndIncrement();
                String fresh = "rr-" + i;
                String repeat = "rr-repeat-" + i;
                String probe = "rr-probe-" + i;
                synchronized (ids) {
                    ids.add(fresh);
                    ids.add(repeat);
                    probes.add(probe);
                }
                stack.send(ask(fresh, "Summarize memo " + i));
                stack.send(ask(repeat, "What is our refund policy, version " + (i % 5) + "?"));
                stack.send(ask(probe, "Is the cache back?"));
            }, 0, 1_000 / PER_SECOND, TimeUnit.MILLISECONDS);

            RedisClient client = RedisClient.create(redis.uri());
            long downAt;
            long upAt;
            long ledgerBackAt;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> stack.results.size() >= 3 * 2 * PER_SECOND);

                // When: Redis stops under load, then starts again (empty: no persistence)
                redis.down();
                downAt = System.currentTimeMillis();
                await().pollDelay(Duration.ofSeconds(OUTAGE_SECONDS)).atMost(Duration.ofSeconds(OUTAGE_SECONDS + 1)).until(() -> true);
                redis.up();
                upAt = System.currentTimeMillis();
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                            .until(() -> !c.sync().keys(PREFIX + ":budget:*:tot").isEmpty());
                    ledgerBackAt = System.currentTimeMillis();
                }
                await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
            } finally {
                load.shutdownNow();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
            stack.flush();
            List<String> all;
            synchronized (ids) {
                all = new ArrayList<>(ids);
                all.addAll(probes);
            }
            stack.awaitResults(all, Duration.ofSeconds(60));

            // Then: every request served, also while Redis was away
            List<PromptResult> results = stack.firstResults(all);
            assertThat(results).allSatisfy(r -> assertThat(r.getStatus()).as(r.getRequestId()).isEqualTo(ResultStatus.SUCCESS));
            long servedWhileDown = results.stream().filter(r -> pickedUpAt(r) > downAt && pickedUpAt(r) < upAt).count();
            assertThat(servedWhileDown).isGreaterThan(OUTAGE_SECONDS / 2L * 3 * PER_SECOND);
            // and the cache hit again soon after Redis came back
            Optional<PromptResult> firstHit = stack.firstResults(probes).stream()
                    .filter(r -> pickedUpAt(r) > upAt && r.getCache() == CacheOutcome.HIT)
                    .min(Comparator.comparingLong(RedisReturnIT::pickedUpAt));
            assertThat(firstHit).isPresent();
            long cacheBackMs = pickedUpAt(firstHit.get()) - upAt;
            LOGGER.info("redis return: outage_s={} results={} served_while_down={} cache_hit_again_after_ms={} ledger_written_again_after_ms={}",
                    OUTAGE_SECONDS, results.size(), servedWhileDown, cacheBackMs, ledgerBackAt - upAt);
            assertThat(cacheBackMs).as("first cache hit after Redis returned, ms").isLessThan(2_000);
            assertThat(ledgerBackAt - upAt).as("ledger written in Redis again after it returned, ms").isLessThan(2_000);
        }
    }
}
