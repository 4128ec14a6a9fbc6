package io.prefstream.ingest.http;

/**
 * Thrown while reading a request that cannot be served as sent; carries the HTTP status, a stable error code and a
 * message for the client that never contains record text. It has no stack trace: it is expected control flow.
 */
final class RequestFailure extends RuntimeException {

    private final int status;
    private final String code;

    RequestFailure(final int status, final String code, final String message) {
        this(status, code, message, null);
    }

    RequestFailure(final int status, final String code, final String message, final Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
