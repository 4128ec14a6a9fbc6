package io.prefstream.ingest.format;

/**
 * Thrown inside the parser when a record fails a check; {@link JudgmentParser} turns it into a
 * {@link ParseResult.Rejected}. It carries no stack trace because it is expected, per-record control flow.
 */
final class RecordRejection extends RuntimeException {

    private final RejectReason reason;
    private final String field;

    RecordRejection(final RejectReason reason, final String field, final String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    RejectReason reason() {
        return reason;
    }

    String field() {
        return field;
    }
}
