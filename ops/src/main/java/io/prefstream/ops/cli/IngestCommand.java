package io.prefstream.ops.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.prefstream.ingest.app.IngestService;
import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.TopicProvisioner;
import io.prefstream.ingest.http.ClusterHealth;
import io.prefstream.ingest.http.CollectorConfig;
import io.prefstream.ingest.http.CollectorServer;
import io.prefstream.ingest.http.HealthCheck;
import io.prefstream.ingest.http.TokenFile;
import io.prefstream.ingest.kafka.OutcomeCounter;
import io.prefstream.ingest.metrics.SnapshotMeters;
import io.prefstream.ingest.schedule.SnapshotRequestQueue;
import io.prefstream.ingest.schedule.SnapshotScheduler;
import io.prefstream.ingest.snapshot.SnapshotRetention;
import io.prefstream.ingest.snapshot.ConflictPolicy;
import io.prefstream.ingest.snapshot.SnapshotStore;
import io.prefstream.ingest.snapshot.SnapshotWriter;
import io.prefstream.ops.broker.Cluster;
import io.prefstream.ops.metrics.MetricsEndpoint;
import io.prefstream.ops.metrics.MetricsOptions;
import io.prefstream.ops.metrics.ServiceTags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code prefstream ingest}: runs the ingest service (and, with no cluster given, an embedded
 * broker) until stopped, cutting snapshots when enough new records arrive, enough time passes,
 * or a request arrives on the snapshot request topic. Several instances with the same
 * application id share the work; the one that owns the request topic's partition writes the
 * snapshots.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run the Kafka Streams ingest service and the snapshot writer until stopped (Ctrl-C)."
                + " Without --bootstrap-servers it starts an embedded broker on 127.0.0.1.")
final class IngestCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SnapshotOptions snapshotOptions;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    InputOptions input;

    @Option(names = "--application-id", defaultValue = IngestService.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--snapshot-every-records", defaultValue = "10000", converter = OptionRanges.NonNegativeLong.class,
            description = "Cut a snapshot after this many newly accepted records; 0 turns this trigger off"
                    + " (default: ${DEFAULT-VALUE}).")
    long snapshotEveryRecords;

    @Option(names = "--snapshot-every-minutes", defaultValue = "10", converter = OptionRanges.NonNegativeInt.class,
            description = "Cut a snapshot this often when anything new was accepted; 0 turns this trigger off"
                    + " (default: ${DEFAULT-VALUE}).")
    int snapshotEveryMinutes;

    @Option(names = "--retain-snapshots", defaultValue = "10", converter = OptionRanges.PositiveInt.class,
            description = "Keep this many newest snapshots; older ones not used by a checkpoint are deleted"
                    + " (default: ${DEFAULT-VALUE}).")
    int retainSnapshots;

    @Option(names = "--partitions", defaultValue = "3", converter = OptionRanges.PositiveInt.class,
            description = "Partitions of the record topics when this command creates them (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", converter = OptionRanges.PositiveShort.class,
            description = "Replication factor of topics this command creates (default: ${DEFAULT-VALUE}; 3 in"
                    + " production).")
    short replicationFactor;

    @Option(names = "--min-insync-replicas", defaultValue = "1", converter = OptionRanges.PositiveInt.class,
            description = "min.insync.replicas of topics this command creates, at most the replication factor"
                    + " (default: ${DEFAULT-VALUE}; 2 in production).")
    int minInSyncReplicas;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Directory of this instance's dedup state store; instances sharing a data directory need"
                    + " one each (default: DATA_DIR/streams-state).")
    Path stateDirOption;

    @Option(names = "--http-port", defaultValue = "0", converter = OptionRanges.Port.class,
            description = "Serve the HTTP collection endpoint (POST /v1/judgments) on this port; 0 disables it"
                    + " (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "127.0.0.1",
            description = "Address the collection endpoint binds to (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = "File holding the bearer token clients must send; created with a random token if absent"
                    + " (default: DATA_DIR/http.token).")
    Path httpTokenFile;

    @Option(names = "--http-max-judgments-per-second", paramLabel = "N",
            defaultValue = "" + CollectorConfig.DEFAULT_MAX_JUDGMENTS_PER_SECOND,
            converter = OptionRanges.JudgmentsPerSecond.class,
            description = "Judgments per second the collection endpoint takes across all clients (at most "
                    + CollectorConfig.MAX_JUDGMENTS_PER_SECOND + "), with bursts of up to "
                    + CollectorConfig.BURST_SECONDS + " s worth and always room for one full batch; batches over it"
                    + " get 429 with Retry-After; 0 turns the limit off (default: ${DEFAULT-VALUE}).")
    int httpMaxJudgmentsPerSecond;

    @Override
    public Integer call() throws Exception {
        requireConsistentReplication();
        IngestTopics topics = IngestTopics.defaults();
        GracefulStop stop = GracefulStop.install("ingest", SHUTDOWN_GRACE);
        try (MetricsEndpoint endpoint = metrics.open(ServiceTags.INGEST);
                Cluster cluster = kafka.bootstrapServers == null
                        ? Cluster.embedded(kafka.dataDir, java.util.Map.of())
                        : Cluster.external(kafka.existingCluster())) {
            cluster.provision(topics, TopicProvisioner.defaultCheckpointTopic(),
                    new TopicProvisioner(partitions, replicationFactor, minInSyncReplicas));
            Path stateDir = stateDirOption != null ? stateDirOption : kafka.dataDir.resolve("streams-state");
            SnapshotStore store = new SnapshotStore(kafka.dataDir.resolve("snapshots"));
            SnapshotRetention retention = new SnapshotRetention(retainSnapshots, kafka.dataDir.resolve("checkpoints"));
            SnapshotMeters snapshotMeters = new SnapshotMeters();
            snapshotMeters.bindTo(endpoint.registry());
            SnapshotWriter writer = new SnapshotWriter(cluster.settings(), topics, store, snapshotOptions.evalFraction,
                    snapshotMeters).withConflictPolicy(snapshotOptions.conflictPolicy);
            writer.announcePending();
            try (IngestService service = new IngestService(cluster.settings(), topics, input.parserConfig(),
                    input.idCollision(), applicationId, stateDir, endpoint.registry());
                    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(service.streams());
                    SnapshotRequestQueue requests = new SnapshotRequestQueue(cluster.settings(), topics,
                            applicationId, "pid-" + ProcessHandle.current().pid());
                    SnapshotScheduler scheduler = new SnapshotScheduler(writer, store, requests,
                            () -> new OutcomeCounter(cluster.settings(), topics),
                            new SnapshotScheduler.Policy(snapshotEveryRecords,
                                    Duration.ofMinutes(snapshotEveryMinutes)),
                            () -> retention.prune(store));
                    ClusterHealth clusterHealth = httpPort == 0 ? null : ClusterHealth.start(cluster.settings());
                    CollectorServer collector = startCollector(cluster, topics, endpoint.registry(),
                            clusterHealth == null ? null : streamHealth(service::state).and(clusterHealth))) {
                streamsMetrics.bindTo(endpoint.registry());
                service.start();
                System.out.printf("ingest running; Kafka at %s; press Ctrl-C to stop%n",
                        cluster.settings().bootstrapServers());
                scheduler.run(stop.requested());
            }
        } finally {
            stop.closed();
        }
        return ExitCodes.OK;
    }

    /**
     * Refuses a {@code min.insync.replicas} above the replication factor before any topic is created: no write
     * to such a topic could ever be acknowledged.
     */
    private void requireConsistentReplication() {
        if (minInSyncReplicas > replicationFactor) {
            throw new ParameterException(spec.commandLine(), String.format("Invalid value for option"
                    + " '--min-insync-replicas': '%d' is above --replication-factor %d; no write could be"
                    + " acknowledged", minInSyncReplicas, replicationFactor));
        }
    }

    /**
     * The collector is healthy while the stream that judges what it sends runs (a rebalance included); the command
     * adds the cluster answering ({@link ClusterHealth}).
     */
    static HealthCheck streamHealth(Supplier<KafkaStreams.State> stream) {
        return () -> {
            KafkaStreams.State state = stream.get();
            return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                    ? Optional.empty() : Optional.of("ingest stream is " + state);
        };
    }

    private CollectorServer startCollector(Cluster cluster, IngestTopics topics, MeterRegistry registry,
            HealthCheck health)
            throws java.io.IOException {
        if (httpPort == 0) {
            return null;
        }
        Path tokenFile = httpTokenFile != null ? httpTokenFile : kafka.dataDir.resolve("http.token");
        CollectorConfig config = CollectorConfig.withToken(TokenFile.loadOrCreate(tokenFile))
                .withHost(httpHost).withPort(httpPort).withMaxJudgmentsPerSecond(httpMaxJudgmentsPerSecond);
        CollectorServer server = new CollectorServer(config, cluster.settings(), topics, input.parserConfig(),
                health, registry);
        System.out.printf("collecting judgments at http://%s:%d%s (bearer token in %s)%n", httpHost, server.port(),
                CollectorServer.JUDGMENTS_PATH, tokenFile.toAbsolutePath());
        return server;
    }
}
