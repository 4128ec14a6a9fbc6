package io.prefstream.ingest.http;

import java.util.Optional;

/**
 * What {@code GET /healthz} reports beyond the HTTP server being up: for the ingest command,
 * whether the stream that validates and deduplicates what the collector sends is running.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Reports nothing wrong: the health reply then says only that the server answers. */
    HealthCheck SERVER_ONLY = Optional::empty;

    /**
     * Returns what is wrong, in words fit for an operator (no user text), or empty when all is well.
     * Called on each health request; must be cheap and thread-safe.
     */
    Optional<String> problem();

    /** Returns a check that reports this one's problem, or else the other's. */
    default HealthCheck and(final HealthCheck other) {
        return () -> problem().or(other::problem);
    }
}
