package io.prefstream.ingest.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Immutable settings of a {@link CollectorServer}; validated on construction, so a config that exists can be served.
 *
 * <p>The bearer token is always required, on loopback too: a labelling tool on the same machine is still a
 * different program, and the endpoint writes straight into the training data. {@link #toString()} hides it.
 *
 * @param host         interface to listen on; default {@value #DEFAULT_HOST}
 * @param port         TCP port; default {@value #DEFAULT_PORT}, 0 picks any free port (see
 *                     {@link CollectorServer#port()})
 * @param token        bearer token every request to {@code /v1/judgments} must present; required, no default (see
 *                     {@link TokenFile#loadOrCreate(java.nio.file.Path)})
 * @param maxBodyBytes largest accepted request body in bytes; default {@value #DEFAULT_MAX_BODY_BYTES} (8 MiB)
 * @param maxBatchSize most judgments in one request; default {@value #DEFAULT_MAX_BATCH_SIZE}
 * @param maxJudgmentsPerSecond sustained judgments per second the endpoint takes, across all clients, with bursts
 *                     of up to {@value #BURST_SECONDS} seconds' worth (and always at least one full batch); a
 *                     request over the limit gets 429 with {@code Retry-After}. Default
 *                     {@value #DEFAULT_MAX_JUDGMENTS_PER_SECOND}; 0 turns the limit off
 * @param source       source name written in the {@code prefs.source} header of every raw message; default
 *                     {@value #DEFAULT_SOURCE}
 */
public record CollectorConfig(String host, int port, String token, int maxBodyBytes, int maxBatchSize,
        int maxJudgmentsPerSecond, String source) {

    /** Setting name of {@link #host()}. */
    public static final String HOST_CONFIG = "collector.host";
    /** Setting name of {@link #port()}. */
    public static final String PORT_CONFIG = "collector.port";
    /** Setting name of {@link #token()}. */
    public static final String TOKEN_CONFIG = "collector.token";
    /** Setting name of {@link #maxBodyBytes()}. */
    public static final String MAX_BODY_BYTES_CONFIG = "collector.max.body.bytes";
    /** Setting name of {@link #maxBatchSize()}. */
    public static final String MAX_BATCH_SIZE_CONFIG = "collector.max.batch.size";
    /** Setting name of {@link #maxJudgmentsPerSecond()}. */
    public static final String MAX_JUDGMENTS_PER_SECOND_CONFIG = "collector.max.judgments.per.second";
    /** Setting name of {@link #source()}. */
    public static final String SOURCE_CONFIG = "collector.source";

    /** Default for {@link #host()}: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default for {@link #port()}. */
    public static final int DEFAULT_PORT = 8080;
    /** Default for {@link #maxBodyBytes()}: 8 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** Default for {@link #maxBatchSize()}. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 1_000;
    /**
     * Default for {@link #maxJudgmentsPerSecond()}: far above what people labelling produce, well below what one
     * client in a loop could push; bulk loads belong to the importer.
     */
    public static final int DEFAULT_MAX_JUDGMENTS_PER_SECOND = 1_000;
    /** Largest {@link #maxJudgmentsPerSecond()}: a million a second is far past what one collector can take. */
    public static final int MAX_JUDGMENTS_PER_SECOND = 1_000_000;
    /** Seconds of the sustained rate a client may send at once after a pause. */
    public static final int BURST_SECONDS = 10;
    /** Default for {@link #source()}. */
    public static final String DEFAULT_SOURCE = "http";

    private static final int MAX_PORT = 65_535;

    /** Validates every setting; the message names the setting and the offending value. */
    public CollectorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(HOST_CONFIG + " must be set, got '" + host + "'");
        }
        requireToken(host, token);
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException(PORT_CONFIG + " must be in 0.." + MAX_PORT + ", got " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException(MAX_BODY_BYTES_CONFIG + " must be positive, got " + maxBodyBytes);
        }
        if (maxBatchSize <= 0) {
            throw new IllegalArgumentException(MAX_BATCH_SIZE_CONFIG + " must be positive, got " + maxBatchSize);
        }
        if (maxJudgmentsPerSecond < 0 || maxJudgmentsPerSecond > MAX_JUDGMENTS_PER_SECOND) {
            throw new IllegalArgumentException(MAX_JUDGMENTS_PER_SECOND_CONFIG + " must be 0 (no limit) or from 1 to "
                    + MAX_JUDGMENTS_PER_SECOND + ", got " + maxJudgmentsPerSecond);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(SOURCE_CONFIG + " must be set, got '" + source + "'");
        }
    }

    /** Returns the defaults with the given token; the token is the one setting without a default. */
    public static CollectorConfig withToken(final String token) {
        return new CollectorConfig(DEFAULT_HOST, DEFAULT_PORT, token, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH_SIZE,
                DEFAULT_MAX_JUDGMENTS_PER_SECOND, DEFAULT_SOURCE);
    }

    /** Returns a copy listening on another interface. */
    public CollectorConfig withHost(final String newHost) {
        return new CollectorConfig(newHost, port, token, maxBodyBytes, maxBatchSize, maxJudgmentsPerSecond, source);
    }

    /** Returns a copy listening on another port (0 = any free port). */
    public CollectorConfig withPort(final int newPort) {
        return new CollectorConfig(host, newPort, token, maxBodyBytes, maxBatchSize, maxJudgmentsPerSecond, source);
    }

    /** Returns a copy with another body size limit. */
    public CollectorConfig withMaxBodyBytes(final int bytes) {
        return new CollectorConfig(host, port, token, bytes, maxBatchSize, maxJudgmentsPerSecond, source);
    }

    /** Returns a copy with another batch size limit. */
    public CollectorConfig withMaxBatchSize(final int items) {
        return new CollectorConfig(host, port, token, maxBodyBytes, items, maxJudgmentsPerSecond, source);
    }

    /** Returns a copy with another source name. */
    public CollectorConfig withSource(final String newSource) {
        return new CollectorConfig(host, port, token, maxBodyBytes, maxBatchSize, maxJudgmentsPerSecond, newSource);
    }

    /** Returns a copy with another rate limit in judgments per second (0: no limit). */
    public CollectorConfig withMaxJudgmentsPerSecond(final int judgments) {
        return new CollectorConfig(host, port, token, maxBodyBytes, maxBatchSize, judgments, source);
    }

    /** Whether {@link #host()} names a loopback interface; a name that does not resolve counts as remote. */
    public boolean isLoopback() {
        return isLoopback(host);
    }

    /** Describes the settings with the token hidden, so the config can be logged. */
    @Override
    public String toString() {
        return "CollectorConfig[host=" + host + ", port=" + port + ", token=<hidden>, maxBodyBytes=" + maxBodyBytes
                + ", maxBatchSize=" + maxBatchSize + ", maxJudgmentsPerSecond=" + maxJudgmentsPerSecond + ", source="
                + source + "]";
    }

    private static void requireToken(final String host, final String token) {
        if (token != null && !token.isBlank()) {
            return;
        }
        if (!isLoopback(host)) {
            throw new IllegalArgumentException(TOKEN_CONFIG + " is required: refusing to listen on non-loopback "
                    + HOST_CONFIG + " '" + host + "' without a bearer token (the token is always required)");
        }
        throw new IllegalArgumentException(TOKEN_CONFIG + " is required (the token is always required, also on "
                + "loopback); see TokenFile.loadOrCreate to generate one");
    }

    /** Whether the host names a loopback interface; a name that does not resolve counts as not loopback. */
    private static boolean isLoopback(final String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            // Only chooses the wording of a refusal that happens either way, so an unknown name is safe to treat
            // as remote.
            return false;
        }
    }
}
