package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One minimal record per reject reason the parser gives: the reason, the field, and a detail that names the record
 * but no text. {@code ID_COLLISION} comes from the ingest stream, not the parser, and is tested with the topology.
 */
class RejectReasonTest {

    /** Every sample's user text contains this word; no detail may repeat it. */
    private static final String SECRET = "SECRET";
    private static final ParserConfig SMALL_LIMITS = ParserConfig.defaults()
            .withMaxRecordBytes(2_000)
            .withMaxFieldChars(100);

    private record Sample(byte[] bytes, String field) {
    }

    private static final Map<RejectReason, Sample> SAMPLES = new EnumMap<>(RejectReason.class);

    static {
        add(RejectReason.INVALID_UTF8, withByteFf("{'prompt': 'SECRET ?', 'chosen': 'a', 'rejected': 'b'}"), null);
        add(RejectReason.MALFORMED_JSON, "{'prompt': 'SECRET', 'chosen': 'a', 'rejected': 'b'} SECRET", null);
        add(RejectReason.NOT_AN_OBJECT, "'SECRET'", null);
        add(RejectReason.MISSING_FIELD, "{'prompt': 'SECRET q', 'chosen': 'SECRET a'}", "rejected");
        add(RejectReason.WRONG_TYPE, "{'prompt': 7, 'chosen': 'SECRET a', 'rejected': 'SECRET b'}", "prompt");
        add(RejectReason.INVALID_VALUE, "{'prompt': 'SECRET q', 'chosen': 'a', 'rejected': 'b', 'votes': 0}",
                "votes");
        add(RejectReason.EMPTY_PROMPT, "{'prompt': ' \\n ', 'chosen': 'SECRET a', 'rejected': 'SECRET b'}",
                "prompt");
        add(RejectReason.EMPTY_RESPONSE, "{'prompt': 'SECRET q', 'chosen': 'SECRET a', 'rejected': '\\t'}",
                "rejected");
        add(RejectReason.IDENTICAL_RESPONSES,
                "{'prompt': 'SECRET q', 'chosen': 'SECRET a', 'rejected': 'SECRET a \\u200b\\r\\n'}", "rejected");
        add(RejectReason.PROMPT_MISMATCH, "{'chosen': '\\n\\nHuman: SECRET 1\\n\\nAssistant: SECRET a', "
                + "'rejected': '\\n\\nHuman: SECRET 2\\n\\nAssistant: SECRET b'}", "prompt");
        add(RejectReason.LAST_TURN_NOT_ASSISTANT, "{'chosen': '\\n\\nHuman: SECRET\\n\\nAssistant: SECRET a', "
                + "'rejected': '\\n\\nHuman: SECRET\\n\\nAssistant: b\\n\\nHuman: SECRET c'}", "rejected");
        add(RejectReason.UNKNOWN_ROLE, "{'chosen': [{'role': 'user', 'content': 'SECRET'}, {'role': 'SECRET', "
                + "'content': 'a'}], 'rejected': [{'role': 'user', 'content': 'SECRET'}]}", "chosen");
        add(RejectReason.TIE, "{'prompt': 'SECRET', 'response_a': 'a', 'response_b': 'b', 'winner': 'Both Bad'}",
                "winner");
        add(RejectReason.INVALID_LABEL, "{'prompt': 'SECRET', 'response_a': 'a', 'response_b': 'b', "
                + "'choice': 'SECRET'}", "choice");
        add(RejectReason.UNKNOWN_FORMAT, "{'text': 'SECRET'}", null);
        add(RejectReason.AMBIGUOUS_FORMAT, "{'prompt': 'SECRET', 'chosen': 'SECRET a', 'rejected': 'b', "
                + "'response_a': 'SECRET', 'response_b': 'b', 'winner': 'model_a'}", null);
        add(RejectReason.RECORD_TOO_LARGE, "{'prompt': '" + "SECRET ".repeat(300) + "', 'chosen': 'a', "
                + "'rejected': 'b'}", null);
        add(RejectReason.FIELD_TOO_LARGE, "{'prompt': 'q', 'chosen': '" + "SECRET ".repeat(20) + "', "
                + "'rejected': 'b'}", "chosen");
    }

    @ParameterizedTest
    @EnumSource(value = RejectReason.class, mode = EnumSource.Mode.EXCLUDE, names = "ID_COLLISION")
    void shouldRejectSampleWithItsReasonAndField(final RejectReason reason) {
        final Sample sample = SAMPLES.get(reason);
        assertThat(sample).as("a sample for %s", reason).isNotNull();

        final ParseResult.Rejected rejection = Records.rejected(
                new JudgmentParser(SMALL_LIMITS).parse(sample.bytes(), "test-source", Records.REF));

        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.field()).isEqualTo(sample.field());
        assertThat(rejection.detail()).startsWith("record " + Records.REF + ": ");
    }

    @ParameterizedTest
    @EnumSource(value = RejectReason.class, mode = EnumSource.Mode.EXCLUDE, names = "ID_COLLISION")
    void shouldKeepRecordTextOutOfDetail(final RejectReason reason) {
        final Sample sample = SAMPLES.get(reason);

        final ParseResult.Rejected rejection = Records.rejected(
                new JudgmentParser(SMALL_LIMITS).parse(sample.bytes(), "test-source", Records.REF));

        assertThat(rejection.detail()).doesNotContainIgnoringCase(SECRET);
        if (rejection.field() != null) {
            assertThat(rejection.detail()).contains(rejection.field());
        }
    }

    private static void add(final RejectReason reason, final String singleQuoted, final String field) {
        add(reason, Records.json(singleQuoted), field);
    }

    private static void add(final RejectReason reason, final byte[] bytes, final String field) {
        SAMPLES.put(reason, new Sample(bytes, field));
    }

    /** Returns the record with its only '?' replaced by the byte 0xFF, which never occurs in UTF-8. */
    private static byte[] withByteFf(final String singleQuoted) {
        final byte[] bytes = Records.json(singleQuoted);
        bytes[new String(bytes, StandardCharsets.US_ASCII).indexOf('?')] = (byte) 0xFF;
        return bytes;
    }
}
