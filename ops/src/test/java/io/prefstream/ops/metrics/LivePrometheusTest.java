package io.prefstream.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ops.broker.BrokerAddress;
import io.prefstream.schemas.snapshot.SnapshotReader;
import io.prefstream.trainer.checkpoint.CheckpointReader;
import io.prefstream.trainer.round.RoundReport;

/**
 * The dashboard and the alert rules against live data: the real {@code ingest} (with its embedded
 * broker) and {@code train} services run as separate processes with their metrics endpoints, as the
 * bundled Prometheus configuration expects them, {@code import} feeds them a small crafted file, and
 * a real Prometheus scrapes both every second under the bundled job names with the bundled rules
 * loaded. Skipped, with a message, where the {@code prometheus} binary is not on the PATH.
 *
 * <p>Every expression of the dashboard and of the alert rules must return at least one series, as
 * rewritten by {@link PromQlProbe}: Grafana's {@code $__rate_interval} becomes {@value #WINDOW};
 * each comparison of an alert gets {@code bool}, so that a healthy system (no alert firing) still
 * yields series whenever the metrics, labels and joins exist; subqueries are stepped at the scrape
 * interval. Then the scraped counts are reconciled with the pipeline's own: the import's line
 * count, the committed outcome topics, the snapshot manifest and the checkpoint reports.
 */
@Tag("e2e")
class LivePrometheusTest {

    private static final Duration SCRAPE = Duration.ofSeconds(1);
    private static final String WINDOW = "1m";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(150);
    private static final String INGEST_JOB = "prefstream-ingest";
    private static final String TRAINER_JOB = "prefstream-trainer";
    /** Distinct pairs in the input; the snapshot is cut when all of them are accepted. */
    private static final int PAIRS = 40;
    private static final int ROUNDS = 1;
    /** The loss terms are float32 values; their sum matches the loss to float32 rounding. */
    private static final double FLOAT_TOLERANCE = 1e-5;
    private static final String NO_PROMETHEUS = "prometheus not on PATH (Debian: apt-get install prometheus);"
            + " live Prometheus test skipped";
    private static final Pattern IMPORTED = Pattern.compile(
            "imported .*: (\\d+) lines, (\\d+) sent, (\\d+) blank skipped, (\\d+) too large");

    @TempDir
    static Path work;

    private static LocalProcesses processes;
    private static PrometheusServer prometheus;
    private static Path dataDir;
    private static long read;

    @BeforeAll
    static void runServicesUnderPrometheus() throws Exception {
        Path binary = PrometheusServer.binary().orElse(null);
        if (binary == null) {
            // each test reports itself skipped with this message, so the skip shows in the test counts
            System.out.println(NO_PROMETHEUS);
            return;
        }
        Instant start = Instant.now();
        processes = new LocalProcesses(work);
        dataDir = Files.createDirectories(work.resolve("data"));
        int ingestPort = freePort();
        int trainerPort = freePort();
        int collectorPort = freePort();
        prometheus = PrometheusServer.start(binary, Files.createDirectories(work.resolve("prometheus")), processes,
                freePort(), SCRAPE, Map.of(INGEST_JOB, ingestPort, TRAINER_JOB, trainerPort));

        processes.launcher("ingest", "ingest", "--data-dir", dataDir.toString(), "--metrics-port",
                Integer.toString(ingestPort), "--snapshot-every-records", Integer.toString(PAIRS),
                "--snapshot-every-minutes", "0", "--eval-fraction", "0.2", "--http-port",
                Integer.toString(collectorPort));
        awaitLog("ingest", "ingest running");
        Duration ingestUp = Duration.between(start, Instant.now());
        processes.launcher("trainer", "train", "--data-dir", dataDir.toString(), "--metrics-port",
                Integer.toString(trainerPort), "--model", "tiny", "--rounds", Integer.toString(ROUNDS),
                "--set", "prompts_per_round=16", "--set", "eval_sample_prompts=4", "--set", "sft_epochs=1",
                "--set", "batch_size=8", "--set", "scoring_batch_size=16", "--set", "max_sequence_length=64",
                "--set", "max_response_tokens=24", "--set", "max_new_tokens=12");
        read = importInput(writeInput(work.resolve("judgments.jsonl")));
        refusedCollectorRequests(collectorPort);
        Duration imported = Duration.between(start, Instant.now());

        awaitQuery("sum(prefs_trainer_rounds_total{job=\"" + TRAINER_JOB + "\"}) >= " + (ROUNDS + 1));
        awaitQuery("sum(prefs_ingest_records_total{job=\"" + INGEST_JOB + "\"}) >= " + read);
        Duration trained = Duration.between(start, Instant.now());
        awaitTwoMoreScrapes();
        System.out.printf("live Prometheus test: ingest up after %d s, import done after %d s, rounds 0..%d"
                + " trained after %d s, scraped twice more after %d s%n", ingestUp.toSeconds(), imported.toSeconds(),
                ROUNDS, trained.toSeconds(), Duration.between(start, Instant.now()).toSeconds());
    }

    @AfterAll
    static void stopEverything() {
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void shouldReturnSeriesForEveryDashboardExpression() throws Exception {
        assumeTrue(prometheus != null, NO_PROMETHEUS);
        List<String> empty = new ArrayList<>();
        for (String expr : DashboardWiringTest.dashboardExpressions()) {
            String probe = PromQlProbe.dashboard(expr, WINDOW);
            if (prometheus.query(probe).isEmpty()) {
                empty.add(probe);
            }
        }

        assertThat(empty).as("dashboard expressions without a series").isEmpty();
    }

    @Test
    void shouldReturnSeriesForEveryAlertExpression() throws Exception {
        assumeTrue(prometheus != null, NO_PROMETHEUS);
        List<String> empty = new ArrayList<>();
        for (String expr : DashboardWiringTest.alertExpressions()) {
            String probe = PromQlProbe.alert(expr, SCRAPE.toSeconds() + "s");
            if (prometheus.query(probe).isEmpty()) {
                empty.add(probe);
            }
        }

        assertThat(empty).as("alert expressions (comparisons made bool) without a series").isEmpty();
    }

    @Test
    void shouldReconcileScrapedRecordOutcomesWithImportAndCommittedTopics() throws Exception {
        assumeTrue(prometheus != null, NO_PROMETHEUS);
        Map<String, Double> scraped = byLabel("sum by (outcome) (prefs_ingest_records_total{job=\"" + INGEST_JOB
                + "\"})", "outcome");
        Map<String, Double> deadLettered = byLabel("sum by (reason) (prefs_ingest_records_total{job=\"" + INGEST_JOB
                + "\",outcome=\"dead_lettered\"}) > 0", "reason");
        OutcomeCounter.Totals topics = committedOutcomes();

        assertThat(scraped.values().stream().mapToDouble(Double::doubleValue).sum())
                .as("accepted + duplicates + votes + conflicts + dead-lettered = read").isEqualTo((double) read);
        assertThat(scraped).containsEntry("accepted", (double) PAIRS).containsEntry("duplicate", 1.0)
                .containsEntry("vote_added", 1.0).containsEntry("conflict", 1.0).containsEntry("dead_lettered", 2.0);
        assertThat(deadLettered).isEqualTo(Map.of("IDENTICAL_RESPONSES", 1.0, "MALFORMED_JSON", 1.0));
        assertThat(scraped).as("scraped counters against the committed outcome topics")
                .containsEntry("accepted", (double) topics.accepted())
                .containsEntry("duplicate", (double) topics.duplicates())
                .containsEntry("vote_added", (double) topics.votes())
                .containsEntry("conflict", (double) topics.conflicts())
                .containsEntry("dead_lettered", (double) topics.deadLettered());
        assertThat(topics.total()).isEqualTo(read);
    }

    @Test
    void shouldReconcileScrapedSnapshotMetersWithTheManifest() throws Exception {
        assumeTrue(prometheus != null, NO_PROMETHEUS);
        var manifest = SnapshotReader.read(dataDir.resolve("snapshots").resolve("v000001")).manifest();

        assertThat(prometheus.value("prefs_snapshot_version{job=\"" + INGEST_JOB + "\"}")).isEqualTo(1.0);
        assertThat(prometheus.value("prefs_snapshot_records{job=\"" + INGEST_JOB + "\"}"))
                .isEqualTo((double) manifest.counts().records());
        assertThat(prometheus.value("prefs_snapshot_cuts_total{job=\"" + INGEST_JOB + "\",trigger=\"count\"}"))
                .isEqualTo(1.0);
        assertThat(prometheus.value("prefs_ingest_latency_seconds_count{job=\"" + INGEST_JOB + "\"}"))
                .as("a latency for every accepted-topic row the cut read, so at least one per snapshot record")
                .isGreaterThanOrEqualTo((double) manifest.counts().records());
    }

    @Test
    void shouldReconcileScrapedTrainerStepsWithCheckpointReports() throws Exception {
        assumeTrue(prometheus != null, NO_PROMETHEUS);
        RoundReport warmStart = CheckpointReader.readReport(dataDir.resolve("checkpoints").resolve("v000001-r0"));
        RoundReport last = CheckpointReader.readReport(dataDir.resolve("checkpoints").resolve("v000001-r" + ROUNDS));
        String job = "{job=\"" + TRAINER_JOB + "\"";

        assertThat(prometheus.value("prefs_trainer_steps_total" + job + ",phase=\"sft\"}"))
                .isEqualTo((double) warmStart.steps());
        assertThat(prometheus.value("prefs_trainer_steps_total" + job + ",phase=\"preference\"}"))
                .isEqualTo((double) last.steps());
        assertThat(prometheus.value("prefs_trainer_step_duration_seconds_count" + job + ",phase=\"preference\"}"))
                .isEqualTo((double) last.steps());
        assertThat(prometheus.value("prefs_trainer_step" + job + "}")).isEqualTo((double) last.steps());
        assertThat(prometheus.value("prefs_trainer_step_round" + job + "}")).isEqualTo((double) ROUNDS);
        assertThat(prometheus.value("prefs_trainer_rounds_total" + job + "}")).isEqualTo(ROUNDS + 1.0);
        assertThat(prometheus.value("prefs_trainer_round" + job + "}")).isEqualTo((double) ROUNDS);
        assertThat(prometheus.value("prefs_trainer_selfplay_duration_seconds_count" + job + "}"))
                .isEqualTo((double) ROUNDS);
        assertThat(prometheus.value("prefs_trainer_selfplay_tokens_total" + job + "}")).isPositive();
        assertThat(prometheus.value("prefs_trainer_train_tokens_total" + job + "}")).isPositive();
        assertThat(prometheus.value("sum(prefs_failures_total)")).as("failures in a healthy run").isZero();
    }

    @Test
    void shouldShowTheLastStepsLossAsTheSumOfItsTerms() throws Exception {
        assumeTrue(prometheus != null, NO_PROMETHEUS);
        String job = "{job=\"" + TRAINER_JOB + "\",term=";

        double total = prometheus.value("prefs_trainer_step_loss" + job + "\"total\"}");
        double bradleyTerry = prometheus.value("prefs_trainer_step_loss" + job + "\"bradley_terry\"}");
        double pessimism = prometheus.value("prefs_trainer_step_loss" + job + "\"pessimism\"}");

        assertThat(pessimism).as("spac preset has a pessimism term").isPositive();
        assertThat(bradleyTerry + pessimism).isCloseTo(total, within(FLOAT_TOLERANCE));
    }

    @Test
    void shouldCountCollectorRequestsByOutcome() throws Exception {
        assumeTrue(prometheus != null, NO_PROMETHEUS);
        Map<String, Double> requests = byLabel("sum by (outcome) (prefs_collector_requests_total{job=\"" + INGEST_JOB
                + "\"})", "outcome");

        assertThat(requests).containsEntry("unauthorized", 1.0).containsEntry("refused", 1.0)
                .containsEntry("accepted", 0.0).containsEntry("rate_limited", 0.0);
        assertThat(prometheus.value("prefs_collector_judgments_total{job=\"" + INGEST_JOB + "\"}")).isZero();
    }

    /** Sends the collector one request with a wrong token and one that is not JSON: neither writes a record. */
    private static void refusedCollectorRequests(int port) throws Exception {
        URI judgments = URI.create("http://127.0.0.1:" + port + "/v1/judgments");
        String token = Files.readString(dataDir.resolve("http.token")).strip();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> wrongToken = client.send(HttpRequest.newBuilder(judgments)
                .header("Authorization", "Bearer not-the-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> notJson = client.send(HttpRequest.newBuilder(judgments)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    private static Map<String, Double> byLabel(String promQl, String label) throws Exception {
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode series : prometheus.query(promQl)) {
            values.put(series.get("metric").get(label).asText(),
                    Double.parseDouble(series.get("value").get(1).asText()));
        }
        return values;
    }

    private static OutcomeCounter.Totals committedOutcomes() {
        String servers = BrokerAddress.read(dataDir).orElseThrow();
        try (OutcomeCounter counter = new OutcomeCounter(KafkaSettings.of(servers), IngestTopics.defaults())) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            OutcomeCounter.Totals totals = counter.poll();
            while (totals.total() < read && Instant.now().isBefore(deadline)) {
                totals = counter.poll();
            }
            return totals;
        }
    }

    /**
     * Writes {@value #PAIRS} distinct pairs from annotator ann-1, then a vote (pair 0 from ann-2), a
     * duplicate (pair 1 again from ann-1), a conflict (pair 2 the other way round, from ann-3), two
     * invalid records and a blank line. Returns the file.
     */
    private static Path writeInput(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            lines.add(pair(i, false, "ann-1"));
        }
        lines.add(pair(0, false, "ann-2"));
        lines.add(pair(1, false, "ann-1"));
        lines.add(pair(2, true, "ann-3"));
        lines.add("{\"prompt\": \"Say hi.\", \"chosen\": \"Hi.\", \"rejected\": \"Hi.\"}");
        lines.add("{\"prompt\": \"cut off");
        lines.add("");
        return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static String pair(int i, boolean swapped, String annotator) {
        String right = "It is " + (i * 3) + ".";
        String wrong = "It is " + (i * 3 + 1) + ", I think.";
        return String.format("{\"prompt\": \"What is %d times 3?\", \"chosen\": \"%s\", \"rejected\": \"%s\","
                + " \"annotator_id\": \"%s\"}", i, swapped ? wrong : right, swapped ? right : wrong, annotator);
    }

    /** Runs {@code prefstream import} and returns the records it read (lines that are not blank). */
    private static long importInput(Path input) throws Exception {
        Process process = processes.launcher("import", "import", input.toString(), "--data-dir", dataDir.toString());
        assertThat(process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("import finished").isTrue();
        String log = Files.readString(processes.log("import"));
        assertThat(process.exitValue()).as("import exit code; log:%n%s", log).isZero();
        Matcher m = IMPORTED.matcher(log);
        assertThat(m.find()).as("import summary in:%n%s", log).isTrue();
        assertThat(Long.parseLong(m.group(4))).as("too large lines").isZero();
        return Long.parseLong(m.group(1)) - Long.parseLong(m.group(3));
    }

    private static void awaitLog(String name, String text) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (!processes.tail(name).contains(text)) {
            assertThat(Instant.now()).as("'%s' in the %s log within %s; log:%n%s", text, name, STARTUP_TIMEOUT,
                    processes.tail(name)).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitQuery(String promQl) throws Exception {
        Instant deadline = Instant.now().plus(PIPELINE_TIMEOUT);
        while (prometheus.query(promQl).isEmpty()) {
            assertThat(Instant.now()).as("%s within %s; ingest log:%n%s%ntrainer log:%n%s", promQl, PIPELINE_TIMEOUT,
                    processes.tail("ingest"), processes.tail("trainer")).isBefore(deadline);
            Thread.sleep(SCRAPE.toMillis());
        }
    }

    /** Waits until both services have been scraped twice more, so rates see the final values. */
    private static void awaitTwoMoreScrapes() throws Exception {
        double after = Instant.now().toEpochMilli() / 1000.0 + 2 * SCRAPE.toSeconds();
        awaitQuery("min(timestamp(up{job=~\"prefstream-.*\"} == 1)) > " + after
                + " and on () count(up{job=~\"prefstream-.*\"} == 1) == 2");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
