package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the winner of a pairwise judgment from {@code winner} or, failing that, {@code choice}. */
final class WinnerLabel {

    /** Which response won. */
    enum Side { A, B }

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");

    // Labels are compared lower-cased with everything but letters and digits removed, so "model_a",
    // "Model A" and "model-a" are one label, and "tie (bothbad)" becomes "tiebothbad".
    private static final Set<String> A_LABELS = Set.of("modela", "a", "1", "responsea");
    private static final Set<String> B_LABELS = Set.of("modelb", "b", "2", "responseb");
    private static final Set<String> TIE_LABELS = Set.of("tie", "tiebothbad", "tiebothgood", "bothbad",
            "bothgood", "draw", "equal", "neither", "none");

    private WinnerLabel() {
    }

    /**
     * Returns the winning side.
     *
     * @throws RecordRejection {@link RejectReason#TIE} for a tie label, {@link RejectReason#INVALID_LABEL} for
     *                         an unknown one, {@link RejectReason#INVALID_VALUE} for a label with a control
     *                         character inside its surrounding white space ({@link LogSafeText}),
     *                         {@link RejectReason#MISSING_FIELD} or {@link RejectReason#WRONG_TYPE}
     */
    static Side read(final ObjectNode node) {
        final String field = JsonFields.present(node, "winner") || !JsonFields.present(node, "choice")
                ? "winner" : "choice";
        final String label = canonical(node.get(field), field);
        if (A_LABELS.contains(label)) {
            return Side.A;
        }
        if (B_LABELS.contains(label)) {
            return Side.B;
        }
        if (TIE_LABELS.contains(label)) {
            throw new RecordRejection(RejectReason.TIE, field,
                    field + " is a tie label, which states no preference");
        }
        throw new RecordRejection(RejectReason.INVALID_LABEL, field, field
                + " is not one of model_a, model_b, a, b, 1, 2, response_a, response_b or a tie label");
    }

    private static String canonical(final JsonNode value, final String field) {
        if (value == null || value.isNull()) {
            throw JsonFields.missing(field, field);
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        if (!value.isTextual()) {
            throw JsonFields.wrongType(field, field, value, "a string or an integer");
        }
        // Surrounding white space is tolerated; a control character anywhere else is refused rather than
        // dropped with the other punctuation, so "model_a" followed by NUL is not read as "model_a".
        final String text = value.textValue();
        final int start = VisibleText.contentStart(text);
        final int end = Math.max(start, VisibleText.contentEnd(text));
        LogSafeText.requireSafe(text, start, end, field);
        return NOT_ALPHANUMERIC.matcher(text.substring(start, end).toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
