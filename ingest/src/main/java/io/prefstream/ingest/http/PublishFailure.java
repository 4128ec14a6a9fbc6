package io.prefstream.ingest.http;

/** Thrown when Kafka did not acknowledge every message of a batch; the cause is Kafka's own error. */
final class PublishFailure extends Exception {

    private static final long serialVersionUID = 1L;

    PublishFailure(final String message, final Throwable cause) {
        super(message, cause);
    }
}
