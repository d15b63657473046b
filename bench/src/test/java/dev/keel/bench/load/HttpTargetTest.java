package dev.keel.bench.load;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpTargetTest {

    @Test
    void shouldAcceptOnlyCompleteAnswers() {
        assertThat(HttpTarget.answer(200, Map.of(), "{\"choices\":[]}", false).ok()).isTrue();
        assertThat(HttpTarget.answer(200, Map.of("X-Keel-Cache", List.of("HIT")), "{\"choices\":[]}", false).cacheHit()).isTrue();
        assertThat(HttpTarget.answer(502, Map.of(), "", false).error()).isEqualTo("http 502");
        assertThat(HttpTarget.answer(200, Map.of("x-keel-status", List.of("FAILED")), "{\"choices\":[]}", false).error()).isEqualTo("FAILED");
        assertThat(HttpTarget.answer(200, Map.of(), "data: {\"choices\":[]}\n\ndata: [DONE]\n\n", true).ok()).isTrue();
        assertThat(HttpTarget.answer(200, Map.of(), "data: {\"error\":{\"message\":\"x\"}}\n\ndata: [DONE]\n\n", true).error())
                .isEqualTo("incomplete stream");
        assertThat(HttpTarget.answer(200, Map.of(), "data: {\"choices\":[]}\n\n", true).ok()).isFalse();
    }
}
