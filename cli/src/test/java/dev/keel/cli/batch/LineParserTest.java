package dev.keel.cli.batch;

import dev.keel.schemas.Lane;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class LineParserTest {

    private final LineParser parser = new LineParser("nightly", "acme", null, "keel.batch.nightly.replies", new BigDecimal("0.01"));

    @Test
    void shouldDeriveTheRequestIdAndLaneFromTheJobWhateverTheLineSays() {
        // When
        LineParser.Parsed parsed = parser.parse(7, """
                {"request_id":"mine","feature":"tag","lane":"INTERACTIVE","max_cost_usd":0.5,
                 "messages":[{"role":"user","content":"hi"}]}""", 1_000);

        // Then
        assertThat(parsed).isInstanceOfSatisfying(LineParser.Valid.class, v -> {
            assertThat(v.request().getRequestId()).isEqualTo("batch:nightly:7");
            assertThat(v.request().getLane()).isEqualTo(Lane.BATCH);
            assertThat(v.request().getTenantId()).isEqualTo("acme");
            assertThat(v.request().getReplyTo()).isEqualTo("keel.batch.nightly.replies");
            assertThat(v.request().getMaxCostUsd()).as("the job's cap wins when lower").isEqualTo(0.01);
            assertThat(v.request().getAttributes()).containsEntry("keel.batch.input_request_id", "mine")
                    .containsEntry("keel.batch.line", "7").containsEntry("keel.batch.job", "nightly");
        });
        assertThat(LineParser.lineOf("nightly", "batch:nightly:7")).isEqualTo(7);
        assertThat(LineParser.lineOf("nightly", "batch:other:7")).isEqualTo(-1);
    }

    @Test
    void shouldNameTheProblemOfABadLine() {
        assertThat(reason(parser.parse(1, "", 0))).isEqualTo("empty line");
        assertThat(reason(parser.parse(2, "[1,2]", 0))).contains("expected a JSON object");
        assertThat(reason(parser.parse(3, "{\"feature\":\"f\",", 0))).startsWith("not valid JSON at column");
        assertThat(reason(parser.parse(6, "{\"feature\": confidentialword}", 0))).startsWith("not valid JSON at column")
                .doesNotContain("confidentialword");
        assertThat(reason(parser.parse(4, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 0))).contains("feature");
        assertThat(reason(parser.parse(5, "{\"feature\":\"f\",\"messages\":[{\"role\":\"assistant\",\"content\":\"x\"}]}", 0)))
                .isEqualTo("messages: no user message");
    }

    private static String reason(LineParser.Parsed parsed) {
        assertThat(parsed).isInstanceOf(LineParser.Invalid.class);
        return ((LineParser.Invalid) parsed).reason();
    }
}
