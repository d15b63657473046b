package dev.keel.testsupport;

import dev.keel.schemas.PromptResult;

/**
 * AssertJ entry points for Keel's records: {@code import static dev.keel.testsupport.KeelAssertions.assertThat;}
 * beside AssertJ's own {@code assertThat} (overloads by type).
 */
public final class KeelAssertions {

    private KeelAssertions() {
    }

    public static PromptResultAssert assertThat(PromptResult actual) {
        return new PromptResultAssert(actual);
    }
}
