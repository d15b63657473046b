package dev.keel.router.cache.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromptNormalizerTest {

    @Test
    void shouldCollapseRunsOfSpacesAndDropTrailingWhitespaceWhenTheTextIsProse() {
        // Given
        String written = "Summarize   this\u00A0 text  \t \nplease.   ";

        // When
        String normalized = PromptNormalizer.normalize(written);

        // Then
        assertThat(normalized).isEqualTo("Summarize this text\nplease.");
    }

    @Test
    void shouldKeepATabAsTheSeparatorWhenARunOfWhitespaceContainsOne() {
        assertThat(PromptNormalizer.normalize("name \t  age\nann\t\t31")).isEqualTo("name\tage\nann\t31");
    }

    @Test
    void shouldDropTrailingNewlinesAndCollapseBlankLinesWhenParagraphsAreSeparatedDifferently() {
        assertThat(PromptNormalizer.normalize("\n\nFirst.\n\n\n\nSecond.\n\n\n"))
                .isEqualTo(PromptNormalizer.normalize("First.\n\nSecond."))
                .isEqualTo("First.\n\nSecond.");
    }

    @Test
    void shouldTreatWindowsLineEndingsLikeUnixOnesWhenTheTextComesFromAnotherSystem() {
        assertThat(PromptNormalizer.normalize("a\r\nb\rc")).isEqualTo("a\nb\nc");
    }

    @Test
    void shouldComposeUnicodeCanonicallyWhenTheSameLetterIsEncodedTwoWays() {
        // Given "é" precomposed and as e + combining acute
        String precomposed = "caf\u00E9";
        String decomposed = "cafe\u0301";

        // Then
        assertThat(PromptNormalizer.normalize(decomposed)).isEqualTo(PromptNormalizer.normalize(precomposed));
    }

    @Test
    void shouldNotFoldCompatibilityCharactersWhenTheyCanMeanSomethingElse() {
        assertThat(PromptNormalizer.normalize("x\u00B2")).isNotEqualTo(PromptNormalizer.normalize("x2"));
    }

    @Test
    void shouldKeepIndentationWhenALineIsIndented() {
        assertThat(PromptNormalizer.normalize("- item\n    - nested"))
                .isNotEqualTo(PromptNormalizer.normalize("- item\n - nested"))
                .isEqualTo("- item\n    - nested");
    }

    @Test
    void shouldKeepFencedCodeByteForByteWhenSpacingCanBeTheProgram() {
        // Given
        String code = "Fix this:\n```python\ndef f():\n    x  =  1   \n\n\n    return x\n```\nThanks.  ";

        // When
        String normalized = PromptNormalizer.normalize(code);

        // Then
        assertThat(normalized).isEqualTo("Fix this:\n```python\ndef f():\n    x  =  1   \n\n\n    return x\n```\nThanks.");
        assertThat(PromptNormalizer.normalize(code.replace("x  =  1", "x = 1"))).isNotEqualTo(normalized);
    }

    @Test
    void shouldNeverChangeCaseWhenNormalizing() {
        assertThat(PromptNormalizer.normalize("Apple")).isNotEqualTo(PromptNormalizer.normalize("apple"));
    }

    @Test
    void shouldTreatNullAndBlankAlikeWhenThereIsNoText() {
        assertThat(PromptNormalizer.normalize(null)).isEmpty();
        assertThat(PromptNormalizer.normalize(" \n\t ")).isEmpty();
    }

    @Test
    void shouldKeepSpacingInsideInlineCodeSpansWhenProseAroundThemIsCollapsed() {
        assertThat(PromptNormalizer.normalize("Run   `a   b`  then ``x  `  y``   now"))
                .isEqualTo("Run `a   b` then ``x  `  y`` now");
        assertThat(PromptNormalizer.normalize("Is `a   b` the same as `a b`?"))
                .isNotEqualTo(PromptNormalizer.normalize("Is `a b` the same as `a b`?"));
    }

    @Test
    void shouldTreatBackticksAsTextWhenASpanIsNotClosedOnTheLine() {
        assertThat(PromptNormalizer.normalize("an `open   span\nand   more`")).isEqualTo("an `open span\nand more`");
    }
}
