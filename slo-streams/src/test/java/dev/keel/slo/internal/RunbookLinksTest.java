package dev.keel.slo.internal;

import dev.keel.config.SloConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every page names a runbook: each rule's anchor must exist in drills/runbooks.md, and the old links keep landing. */
class RunbookLinksTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void shouldLinkEveryRuleToAHeadingOfTheRunbooks() throws IOException {
        // Given
        String runbooks = Files.readString(REPO.resolve(AlertTracker.RUNBOOKS));

        // When / Then
        for (Rule rule : RuleSet.of(SloConfig.defaults())) {
            String link = AlertTracker.runbook(rule.name());
            String anchor = link.substring(link.indexOf('#') + 1);
            assertThat(link).startsWith("drills/runbooks.md#");
            assertThat(runbooks).as("heading for %s", rule.name()).containsPattern("(?m)^#+ " + anchor + "$");
        }
    }

    @Test
    void shouldKeepTheOldAnchorsOfTheSloReadmePointingAtTheRunbooks() throws IOException {
        // Given: pages emitted before the move name slo-streams/README.md#runbook-<rule>
        String readme = Files.readString(REPO.resolve("slo-streams/README.md"));

        // When / Then
        for (Rule rule : RuleSet.of(SloConfig.defaults())) {
            String anchor = "runbook-" + rule.name().replace('_', '-');
            assertThat(readme).as("old anchor %s", anchor).containsPattern("(?m)^#+ " + anchor + "$")
                    .contains("../drills/runbooks.md#" + anchor);
        }
    }
}
