package dev.keel.slo;

import dev.keel.schemas.Decoded;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.SliSnapshot;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** Records written before the SLO engine added optional fields still decode (retired schemas in the catalog). */
class SchemaEvolutionTest {

    private static Schema retired(String file) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/dev/keel/schemas/history/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void shouldReadASnapshotWrittenWithTheFirstSchemaWhenFieldsWereAddedSince() throws IOException {
        // Given a v1 SliSnapshot (no rejected, no absolute budget)
        Schema v1 = retired("SliSnapshot.v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("scope", "global");
        old.put("lane", new GenericData.EnumSymbol(v1.getField("lane").schema(), "INTERACTIVE"));
        for (String f : new String[]{"window_start", "window_end", "count", "success", "under_latency_target", "cache_hits", "failovers"}) {
            old.put(f, 7L);
        }
        for (String f : new String[]{"p50_ms", "p95_ms", "p99_ms", "cost_usd_sum", "avg_cost_usd", "error_budget_remaining"}) {
            old.put(f, 0.5);
        }

        // When the current reader decodes it
        Decoded<SliSnapshot> decoded = KeelSerde.of(SliSnapshot.class).decode(encode(v1, old));

        // Then the new fields take their defaults
        assertThat(decoded).isInstanceOfSatisfying(Decoded.Ok.class, ok -> {
            SliSnapshot s = (SliSnapshot) ok.value();
            assertThat(s.getCount()).isEqualTo(7);
            assertThat(s.getRejected()).isZero();
            assertThat(s.getErrorBudgetRemainingCount()).isZero();
        });
    }

    @Test
    void shouldReadASnapshotWithoutASketchWhenItWasWrittenBeforeLatencySketchWasAdded() throws IOException {
        // Given a v2 SliSnapshot (every field but latency_sketch)
        Schema v2 = retired("SliSnapshot.v2.avsc");
        assertThat(v2.getField("latency_sketch")).isNull();
        GenericRecord old = new GenericData.Record(v2);
        old.put("scope", "tenant:acme");
        old.put("lane", new GenericData.EnumSymbol(v2.getField("lane").schema(), "BATCH"));
        for (String f : new String[]{"window_start", "window_end", "count", "success", "under_latency_target", "cache_hits", "failovers", "rejected"}) {
            old.put(f, 9L);
        }
        for (String f : new String[]{"p50_ms", "p95_ms", "p99_ms", "cost_usd_sum", "avg_cost_usd", "error_budget_remaining",
                "error_budget_remaining_count", "error_budget_allowed"}) {
            old.put(f, 1.5);
        }

        // When the current reader decodes it
        Decoded<SliSnapshot> decoded = KeelSerde.of(SliSnapshot.class).decode(encode(v2, old));

        // Then every field is there and the sketch is null (the report estimates such minutes)
        assertThat(decoded).isInstanceOfSatisfying(Decoded.Ok.class, ok -> {
            SliSnapshot s = (SliSnapshot) ok.value();
            assertThat(s.getScope()).isEqualTo("tenant:acme");
            assertThat(s.getRejected()).isEqualTo(9);
            assertThat(s.getP95Ms()).isEqualTo(1.5);
            assertThat(s.getErrorBudgetAllowed()).isEqualTo(1.5);
            assertThat(s.getLatencySketch()).isNull();
        });
    }

    @Test
    void shouldReadAPageWrittenWithTheFirstSchemaWhenShortWindowWasAddedSince() throws IOException {
        Schema v1 = retired("PageEvent.v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("alert_key", "p95_latency|global");
        old.put("rule", "p95_latency");
        old.put("severity", new GenericData.EnumSymbol(v1.getField("severity").schema(), "PAGE"));
        old.put("state", new GenericData.EnumSymbol(v1.getField("state").schema(), "FIRING"));
        old.put("scope", "global");
        old.put("observed", 3000.0);
        old.put("threshold", 2500.0);
        old.put("window", "PT1M");
        old.put("for", "PT15M");
        old.put("started_at", 1L);
        old.put("evaluated_at", 2L);
        old.put("emitted_at", 3L);
        old.put("summary", "s");
        old.put("runbook", "r");

        Decoded<PageEvent> decoded = KeelSerde.of(PageEvent.class).decode(encode(v1, old));

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Ok.class, ok -> {
            PageEvent p = (PageEvent) ok.value();
            assertThat(p.getAlertKey()).isEqualTo("p95_latency|global");
            assertThat(p.getShortWindow()).isNull();
        });
    }
}
