package dev.keel.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dated price table shipped with Keel ({@code dev/keel/config/builtin-prices.yaml}: the vendors' pricing
 * pages it was taken from and the day it was), used for a model that a provider's {@code prices:} does not
 * name. Dated model ids resolve to their alias ({@code gpt-4o-mini-2024-07-18}, {@code claude-haiku-4-5-20251001},
 * {@code claude-3-5-haiku-latest}). Immutable and thread-safe; {@link #DEFAULT} is read once.
 */
public final class BuiltInPrices {

    static final String RESOURCE = "builtin-prices.yaml";

    /** The table in the class path. */
    public static final BuiltInPrices DEFAULT = load(RESOURCE);

    private static final Pattern DATED = Pattern.compile("-(\\d{8}|\\d{4}-\\d{2}-\\d{2}|latest)$");

    private final List<String> source;
    private final LocalDate asOf;
    private final Map<String, ModelPrice> models;

    record Table(List<String> source, @JsonProperty("as-of") String asOf, Map<String, ModelPrice> models) {
    }

    private BuiltInPrices(Table table) {
        if (table.source() == null || table.source().isEmpty() || table.asOf() == null || table.models() == null
                || table.models().isEmpty()) {
            throw new IllegalStateException(RESOURCE + " must name its source, its as-of date and at least one model");
        }
        this.source = List.copyOf(table.source());
        this.asOf = LocalDate.parse(table.asOf());
        this.models = Map.copyOf(table.models());
    }

    static BuiltInPrices load(String resource) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = BuiltInPrices.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + resource);
            }
            return new BuiltInPrices(yaml.readValue(in, Table.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in price table " + resource, e);
        }
    }

    /** The table entry that prices {@code model}: the model itself, else its alias without a date or {@code -latest}. */
    public Optional<String> entryFor(String model) {
        if (model == null) {
            return Optional.empty();
        }
        if (models.containsKey(model)) {
            return Optional.of(model);
        }
        String alias = DATED.matcher(model).replaceFirst("");
        return models.containsKey(alias) ? Optional.of(alias) : Optional.empty();
    }

    public Optional<ModelPrice> find(String model) {
        return entryFor(model).map(models::get);
    }

    public LocalDate asOf() {
        return asOf;
    }

    public List<String> source() {
        return source;
    }

    /** Every model in the table. */
    public Map<String, ModelPrice> models() {
        return models;
    }
}
