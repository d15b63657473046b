package dev.keel.cli.demo;

import dev.keel.cli.deploy.Tools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeployQueriesTest {

    @Test
    void shouldMakeEveryComparisonABoolOneWhenOutsideLabelMatchers() {
        assertThat(DeployQueries.withBoolComparisons("a{x!=\"1\",y=~\"b|c\"} > 2.5 and b[5m] * 300 >= 20"))
                .isEqualTo("a{x!=\"1\",y=~\"b|c\"} > bool 2.5 and b[5m] * 300 >= bool 20");
        assertThat(DeployQueries.withBoolComparisons("up{job=\"w\"} == 0")).isEqualTo("up{job=\"w\"} == bool 0");
    }

    @Test
    void shouldFindTheDashboardTargetsAndEveryRuleWhenReadingDeploy() throws Exception {
        var queries = DeployQueries.all(Tools.repoRoot());

        assertThat(queries.keySet()).anyMatch(k -> k.startsWith("dashboard ")).anyMatch(k -> k.startsWith("record "))
                .anyMatch(k -> k.startsWith("alert "));
        assertThat(queries).containsEntry("alert KeelWorkerDown", "up{job=\"keel-worker\"} == bool 0");
        assertThat(queries.values()).allMatch(q -> !q.isBlank());
    }
}
