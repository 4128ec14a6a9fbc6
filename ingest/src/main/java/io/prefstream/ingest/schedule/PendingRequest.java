package io.prefstream.ingest.schedule;

import java.time.Instant;

/**
 * A snapshot request taken from the request topic and not yet committed.
 *
 * @param requestId the request's id ({@code unreadable@<offset>} for a message that is not a request)
 * @param offset its offset on the request topic's single partition
 * @param requestedAt when it was sent
 */
public record PendingRequest(String requestId, long offset, Instant requestedAt) {
}
