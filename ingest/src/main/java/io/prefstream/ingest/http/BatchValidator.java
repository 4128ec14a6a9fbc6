package io.prefstream.ingest.http;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParseResult;

/**
 * Validates every item of a batch with {@link JudgmentParser}, the same checks the ingest stream runs, so a batch
 * the collector accepts is accepted downstream too (given the same parser settings).
 */
final class BatchValidator {

    /** Prefix of every record reference the collector assigns. */
    static final String REF_PREFIX = "http:";

    private final JudgmentParser parser;
    private final String source;

    BatchValidator(final JudgmentParser parser, final String source) {
        this.parser = parser;
        this.source = source;
    }

    /** Returns the outcome of checking every item; items are all checked, so every fault is reported at once. */
    Outcome validate(final List<byte[]> items) {
        final List<ValidItem> valid = new ArrayList<>(items.size());
        final List<ItemRejection> rejected = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            // A random reference stands in until the parser has read the item's own id, if it has one.
            final String provisionalRef = REF_PREFIX + UUID.randomUUID();
            final ParseResult result = parser.parse(items.get(index), source, provisionalRef);
            if (result instanceof ParseResult.Accepted accepted) {
                final String id = accepted.record().getId();
                final String recordRef = id.equals(provisionalRef) ? provisionalRef : REF_PREFIX + id;
                valid.add(new ValidItem(index, recordRef, accepted.record().getContentKey(), items.get(index)));
            } else if (result instanceof ParseResult.Rejected rejection) {
                rejected.add(new ItemRejection(index, rejection.reason().name(), rejection.field(),
                        withoutRef(rejection.detail(), provisionalRef)));
            }
        }
        return new Outcome(valid, rejected);
    }

    /** The parser names the record reference in its detail; the client knows the item by index instead. */
    private static String withoutRef(final String detail, final String recordRef) {
        final String prefix = "record " + recordRef + ": ";
        return detail.startsWith(prefix) ? detail.substring(prefix.length()) : detail;
    }

    /**
     * What validation found.
     *
     * @param valid    the items that passed, in batch order
     * @param rejected the items that failed, in batch order; the batch is produced only when this is empty
     */
    record Outcome(List<ValidItem> valid, List<ItemRejection> rejected) {

        /** Copies both lists. */
        Outcome {
            valid = List.copyOf(valid);
            rejected = List.copyOf(rejected);
        }
    }
}
