package io.prefstream.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Proves the dashboard and the alert rules are wired: every metric their PromQL selects appears in
 * a scrape of an endpoint that holds the real binders.
 */
class DashboardWiringTest {

    static final Path DASHBOARD = Path.of("grafana", "dashboards", "prefstream.json");
    static final Path ALERTS = Path.of("prometheus", "alerts.yml");
    /** Series Prometheus itself adds to every target. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up");

    private static Set<String> scraped;

    @BeforeAll
    static void scrape(@TempDir Path stateDir) throws Exception {
        try (PopulatedEndpoint populated = new PopulatedEndpoint(stateDir)) {
            scraped = sampleNames(populated.get(MetricsEndpoint.PATH).body());
        }
    }

    @Test
    void shouldUseOnlyScrapedMetricsInDashboard() throws Exception {
        Set<String> used = namesIn(dashboardExpressions());

        assertThat(used).contains("prefs_ingest_records_total", "prefs_snapshot_age_seconds",
                "prefs_trainer_eval_reward_accuracy", "jvm_memory_used_bytes",
                "kafka_consumer_fetch_manager_records_lag_max", "prefs_trainer_steps_total", "prefs_trainer_step",
                "prefs_trainer_step_round", "prefs_trainer_step_loss", "prefs_trainer_learning_rate",
                "prefs_trainer_step_duration_seconds_sum", "prefs_trainer_step_duration_seconds_max",
                "prefs_trainer_train_tokens_total", "prefs_trainer_train_throughput_tokens_per_second",
                "prefs_trainer_selfplay_tokens_total", "prefs_trainer_selfplay_duration_seconds_sum",
                "prefs_trainer_selfplay_throughput_tokens_per_second", "prefs_collector_requests_total",
                "prefs_collector_judgments_total", "prefs_collector_request_duration_seconds_sum");
        assertThat(scraped).containsAll(used);
    }

    @Test
    void shouldUseOnlyScrapedMetricsInAlertRules() throws Exception {
        Set<String> used = namesIn(alertExpressions());
        used.removeAll(SCRAPE_SERIES);

        assertThat(used).contains("prefs_snapshot_age_seconds", "prefs_trainer_checkpoint_age_seconds");
        assertThat(scraped).containsAll(used);
    }

    @Test
    void shouldGroupDashboardIntoIngestionSnapshotTrainingAndHealthRows() throws Exception {
        JsonNode panels = new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels");
        List<String> rows = new ArrayList<>();
        panels.forEach(p -> {
            if ("row".equals(p.get("type").asText())) {
                rows.add(p.get("title").asText());
            } else {
                assertThat(p.get("targets")).as("targets of panel %s", p.get("title")).isNotEmpty();
            }
        });

        assertThat(rows).containsExactly("Ingestion", "Snapshots", "Training and evaluation", "JVM and Kafka health");
    }

    static List<String> dashboardExpressions() throws Exception {
        List<String> exprs = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels")
                .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        return exprs;
    }

    static List<String> alertExpressions() throws Exception {
        List<String> exprs = new ArrayList<>();
        new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile()).get("groups")
                .forEach(g -> g.get("rules").forEach(r -> exprs.add(r.get("expr").asText())));
        return exprs;
    }

    private static Set<String> namesIn(List<String> exprs) {
        assertThat(exprs).isNotEmpty();
        Set<String> names = new TreeSet<>();
        exprs.forEach(e -> names.addAll(PromQlNames.of(e)));
        return names;
    }

    private static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }
}
