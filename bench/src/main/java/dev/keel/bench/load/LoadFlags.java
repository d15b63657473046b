package dev.keel.bench.load;

import dev.keel.config.DeliveryGuarantee;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flags of {@code bench/run load}. {@link #parse} throws {@link IllegalArgumentException} with a one-line
 * message naming the flag.
 */
record LoadFlags(LoadSpec spec, String target, String url, String apiKey, String model, Map<String, String> headers,
                 Integer maxInFlight, DeliveryGuarantee delivery, String redis, List<String> keelJvm, int partitions,
                 String keelConfig) {

    static final String USAGE = "bench/run load --rate N [--duration 60s] [--warm-up 10s] [--provider-latency 300ms] "
            + "[--target kafka|http] [--stream] [--repeat-share 0..1] [--batch-share 0..1] [--max-output-tokens N] [--timeout 30s] "
            + "[--max-in-flight N] [--delivery exactly-once|at-least-once] [--redis redis://127.0.0.1:6379] [--partitions 6] "
            + "[--keel-jvm \"-Xmx512m ...\"] [--keel-config keel.yaml] [--url BASE_URL --api-key K --model M --header Name:Value]";

    static LoadFlags parse(String[] args) {
        Integer rate = null;
        Duration duration = LoadSpec.DEFAULT_DURATION;
        Duration warmUp = LoadSpec.DEFAULT_WARM_UP;
        Duration providerLatency = Duration.ofMillis(300);
        Duration timeout = LoadSpec.DEFAULT_TIMEOUT;
        String target = "kafka";
        boolean stream = false;
        double repeat = 0;
        double batch = 0;
        int tokens = LoadSpec.DEFAULT_MAX_OUTPUT_TOKENS;
        String url = null;
        String apiKey = null;
        String model = "keel";
        Map<String, String> headers = new LinkedHashMap<>();
        Integer maxInFlight = null;
        DeliveryGuarantee delivery = DeliveryGuarantee.EXACTLY_ONCE;
        String redis = null;
        List<String> keelJvm = LoadStack.Options.DEFAULT_KEEL_JVM;
        String keelConfig = null;
        int partitions = 6;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--stream")) {
                stream = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--rate" -> rate = integer(flag, v);
                case "--duration" -> duration = duration(flag, v);
                case "--warm-up" -> warmUp = duration(flag, v);
                case "--provider-latency" -> providerLatency = duration(flag, v);
                case "--timeout" -> timeout = duration(flag, v);
                case "--target" -> target = v;
                case "--repeat-share" -> repeat = share(flag, v);
                case "--batch-share" -> batch = share(flag, v);
                case "--max-output-tokens" -> tokens = integer(flag, v);
                case "--url" -> url = v;
                case "--api-key" -> apiKey = v;
                case "--model" -> model = v;
                case "--header" -> {
                    int colon = v.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--header must be Name:Value, got '" + v + "'");
                    }
                    headers.put(v.substring(0, colon).trim(), v.substring(colon + 1).trim());
                }
                case "--max-in-flight" -> maxInFlight = integer(flag, v);
                case "--delivery" -> delivery = delivery(v);
                case "--redis" -> redis = v;
                case "--keel-jvm" -> keelJvm = List.of(v.trim().split("\\s+"));
                case "--partitions" -> partitions = integer(flag, v);
                case "--keel-config" -> keelConfig = v;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (rate == null) {
            throw new IllegalArgumentException("--rate is required");
        }
        if (!target.equals("kafka") && !target.equals("http")) {
            throw new IllegalArgumentException("--target must be kafka or http, got '" + target + "'");
        }
        if (target.equals("kafka") && (url != null || stream)) {
            throw new IllegalArgumentException((url != null ? "--url" : "--stream") + " needs --target http");
        }
        if (target.equals("http") && batch > 0) {
            throw new IllegalArgumentException("--batch-share needs --target kafka (the OpenAI API has no lane)");
        }
        LoadSpec spec = new LoadSpec(rate, duration, warmUp, repeat, batch, stream, tokens, timeout, providerLatency,
                LoadSpec.DEFAULT_HOT_PROMPTS, LoadSpec.DEFAULT_SEED);
        return new LoadFlags(spec, target, url, apiKey, model, Map.copyOf(headers), maxInFlight, delivery, redis,
                new ArrayList<>(keelJvm), partitions, keelConfig);
    }

    static Duration duration(String flag, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(flag + " must be a duration like 300ms, 60s or 2m, got '" + v + "'");
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got '" + v + "'");
        }
    }

    private static double share(String flag, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException(flag + " must be a number between 0 and 1, got '" + v + "'");
    }

    private static DeliveryGuarantee delivery(String v) {
        for (DeliveryGuarantee g : DeliveryGuarantee.values()) {
            if (g.id().equals(v)) {
                return g;
            }
        }
        throw new IllegalArgumentException("--delivery must be exactly-once or at-least-once, got '" + v + "'");
    }
}
