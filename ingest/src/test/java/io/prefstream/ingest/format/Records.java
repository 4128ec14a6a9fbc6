package io.prefstream.ingest.format;

import java.nio.charset.StandardCharsets;

/** Builds single test records; JSON is written with single quotes for readability and converted here. */
final class Records {

    static final String REF = "ref-1";

    private Records() {
    }

    /** Returns the UTF-8 bytes of a JSON text written with ' in place of ". */
    static byte[] json(final String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a single-quoted JSON record with the given parser. */
    static ParseResult parse(final JudgmentParser parser, final String singleQuoted) {
        return parser.parse(json(singleQuoted), "test-source", REF);
    }

    /** Parses a single-quoted JSON record with default settings. */
    static ParseResult parse(final String singleQuoted) {
        return parse(new JudgmentParser(), singleQuoted);
    }

    /** Returns the accepted record, failing with the rejection otherwise. */
    static io.prefstream.schemas.v1.PreferenceRecord accepted(final ParseResult result) {
        if (result instanceof ParseResult.Accepted accepted) {
            return accepted.record();
        }
        throw new AssertionError("expected an accepted record, got " + result);
    }

    /** Returns the rejection, failing if the record was accepted. */
    static ParseResult.Rejected rejected(final ParseResult result) {
        if (result instanceof ParseResult.Rejected rejected) {
            return rejected;
        }
        throw new AssertionError("expected a rejection, got " + result);
    }
}
