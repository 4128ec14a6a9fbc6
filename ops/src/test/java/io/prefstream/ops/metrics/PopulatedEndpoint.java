package io.prefstream.ops.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.metrics.ArrivalTimes;
import io.prefstream.ingest.metrics.CollectorMeters;
import io.prefstream.ingest.metrics.PublishedSnapshot;
import io.prefstream.ingest.metrics.SnapshotMeters;
import io.prefstream.ingest.metrics.SnapshotTrigger;
import io.prefstream.trainer.metrics.RoundMeters;
import io.prefstream.trainer.metrics.StepMeters;
import io.prefstream.trainer.round.RoundReport;
import io.prefstream.trainer.round.SelfPlayPass;
import io.prefstream.trainer.round.TrainingStep;

/**
 * A served endpoint holding every binder the services use, each exercised once: the real ingest
 * service (Kafka Streams created, not started, against an unreachable broker), collector,
 * snapshot, round and step meters. Test fixture; close it.
 */
final class PopulatedEndpoint implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MetricsEndpoint endpoint;
    private final IngestService ingest;
    private final KafkaStreamsMetrics streamsMetrics;

    PopulatedEndpoint(Path stateDir) throws IOException {
        endpoint = new MetricsEndpoint(ServiceTags.INGEST, new InetSocketAddress("127.0.0.1", 0));
        ingest = new IngestService(KafkaSettings.of("127.0.0.1:1"), IngestTopics.defaults(), ParserConfig.defaults(),
                "metrics-wiring-test", stateDir, endpoint.registry());
        streamsMetrics = new KafkaStreamsMetrics(ingest.streams());
        streamsMetrics.bindTo(endpoint.registry());

        CollectorMeters collector = new CollectorMeters();
        collector.bindTo(endpoint.registry());
        collector.answered(200, 2, Duration.ofMillis(12));

        SnapshotMeters snapshots = new SnapshotMeters();
        snapshots.bindTo(endpoint.registry());
        Instant now = Instant.now();
        ArrivalTimes arrivals = new ArrivalTimes(Map.of());
        arrivals.observe(0, 0, now.minusSeconds(42).toEpochMilli());
        snapshots.published(new PublishedSnapshot(1, 1, 512, now), SnapshotTrigger.COUNT, arrivals.millis());

        RoundMeters rounds = new RoundMeters();
        rounds.bindTo(endpoint.registry());
        rounds.onRound(new RoundReport("v000001", 1, "v000001-r1", stateDir, "v000001-r0", 4, 0.69,
                Map.of(RoundReport.EVAL_REWARD_ACCURACY_METRIC, 0.6, RoundReport.EVAL_MARGIN_METRIC, 0.1,
                        RoundReport.EVAL_KL_METRIC, 0.02, RoundReport.SAMPLE_LENGTH_METRIC, 30.0),
                Duration.ofSeconds(5)));

        StepMeters steps = new StepMeters();
        steps.bindTo(endpoint.registry());
        steps.onStep(new TrainingStep(1, 3, 480, Duration.ofMillis(200).toNanos(), 5e-4, 0.9, 0.6, 0.3));
        steps.onSelfPlay(new SelfPlayPass(1, 16, 320, Duration.ofSeconds(2).toNanos()));
    }

    MetricsEndpoint endpoint() {
        return endpoint;
    }

    /** Fetches {@code /metrics} over HTTP, as Prometheus would. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        InetSocketAddress address = endpoint.address().orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + path)).timeout(TIMEOUT).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        streamsMetrics.close();
        ingest.close();
        endpoint.close();
    }
}
