package io.prefstream.ingest.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.app.KafkaSettings;

/**
 * Reports the Kafka cluster unreachable when it stops answering: a background thread asks it for its nodes every
 * {@link #PROBE_INTERVAL} (waiting at most {@link #PROBE_TIMEOUT}), and {@link #problem()} returns the latest
 * answer, so a health request never waits on the network. Kafka clients retry a lost broker for minutes before they
 * give up, and the stream's state shows the loss only then; this shows it within seconds. Logs once when the cluster
 * stops answering and once when it answers again. Close it to stop the probes.
 */
public final class ClusterHealth implements HealthCheck, AutoCloseable {

    /** Time between two probes. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    /** Longest wait for one probe's answer. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterHealth.class);

    private final Admin admin;
    private final String servers;
    private final ScheduledExecutorService prober;
    private volatile String problem;
    private volatile Instant failingSince;

    private ClusterHealth(final Admin admin, final String servers) {
        this.admin = admin;
        this.servers = servers;
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "cluster-health");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts probing a cluster; the first probe runs at once, and until it answers nothing is reported.
     *
     * @param kafka the cluster and its client settings
     * @return the check; the caller must close it
     */
    public static ClusterHealth start(final KafkaSettings kafka) {
        final int timeoutMs = (int) PROBE_TIMEOUT.toMillis();
        final Admin admin = Admin.create(kafka.properties(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs)));
        final ClusterHealth health = new ClusterHealth(admin, kafka.bootstrapServers());
        health.prober.scheduleWithFixedDelay(health::probe, 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return health;
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void probe() {
        try {
            final int nodes = admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) PROBE_TIMEOUT.toMillis())).nodes().get(PROBE_TIMEOUT.toMillis() * 2,
                            TimeUnit.MILLISECONDS).size();
            if (problem != null) {
                LOG.info("Kafka cluster at {} answers again ({} nodes) after {} s", servers, nodes,
                        Duration.between(failingSince, Instant.now()).toSeconds());
            }
            problem = null;
            failingSince = null;
        } catch (ExecutionException | TimeoutException e) {
            if (failingSince == null) {
                failingSince = Instant.now();
                LOG.warn("Kafka cluster at {} did not answer within {} ms ({}); health reports it until it does",
                        servers, PROBE_TIMEOUT.toMillis(), describe(e));
            }
            problem = "Kafka cluster at " + servers + " has not answered since " + failingSince;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(final Exception e) {
        final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName();
    }

    @Override
    public void close() {
        prober.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
