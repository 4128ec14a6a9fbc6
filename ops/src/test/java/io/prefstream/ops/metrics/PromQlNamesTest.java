package io.prefstream.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void shouldFindMetricNamesButNotFunctionsLabelsOrKeywords() {
        String expr = "sum by (instance) (rate(prefs_ingest_records_total{outcome=\"dead_lettered\"}[15m]))"
                + " / sum by (instance) (rate(prefs_ingest_records_total[$__rate_interval])) > 0.05"
                + " and on (instance) max(up{job=~\"prefstream-.*\"}) > 6 * 3600"
                + " or on () absent(prefs_trainer_checkpoint_age_seconds)";

        assertThat(PromQlNames.of(expr))
                .containsExactlyInAnyOrder("prefs_ingest_records_total", "up", "prefs_trainer_checkpoint_age_seconds");
    }

    @Test
    void shouldFindNamesInsideSubqueries() {
        assertThat(PromQlNames.of("deriv(max(kafka_consumer_fetch_manager_records_lag_max)[15m:1m]) > 0"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag_max");
    }
}
