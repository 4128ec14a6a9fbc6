package io.prefstream.ingest.format;

/**
 * The checks every format shares: field sizes, empty prompt or responses, identical responses. Empty and
 * identical are judged on the content-key normalisation of each field with surrounding whitespace trimmed;
 * identical means exactly equal, never similar. White space is {@link VisibleText#isWhitespace} throughout.
 */
final class PairValidator {

    private final ParserConfig config;

    PairValidator(final ParserConfig config) {
        this.config = config;
    }

    /**
     * Checks the pair and returns its content key and pair key.
     *
     * @throws RecordRejection on the first failed check
     */
    PairKeys validate(final ConvertedPair pair) {
        requireSize(pair.prompt(), "prompt");
        requireSize(pair.chosen(), "chosen");
        requireSize(pair.rejected(), "rejected");
        final String prompt = ContentKey.normalise(pair.prompt(), config);
        final String chosen = ContentKey.normalise(pair.chosen(), config);
        final String rejected = ContentKey.normalise(pair.rejected(), config);
        if (VisibleText.isBlank(prompt)) {
            throw new RecordRejection(RejectReason.EMPTY_PROMPT, "prompt", describeBlank("prompt", pair.prompt()));
        }
        requireResponse(chosen, "chosen", pair.chosen());
        requireResponse(rejected, "rejected", pair.rejected());
        if (VisibleText.strip(chosen).equals(VisibleText.strip(rejected))) {
            throw new RecordRejection(RejectReason.IDENTICAL_RESPONSES, "rejected",
                    "chosen and rejected are identical once normalised and trimmed");
        }
        final String contentKey = ContentKey.ofNormalised(prompt, chosen, rejected);
        return new PairKeys(contentKey, ContentKey.pairOfNormalised(prompt, chosen, rejected, contentKey));
    }

    private void requireSize(final String text, final String field) {
        if (text.length() > config.maxFieldChars()) {
            throw new RecordRejection(RejectReason.FIELD_TOO_LARGE, field, String.format(
                    "%s has %d chars, more than the limit of %d", field, text.length(), config.maxFieldChars()));
        }
    }

    private static void requireResponse(final String normalised, final String field, final String original) {
        if (VisibleText.isBlank(normalised)) {
            throw new RecordRejection(RejectReason.EMPTY_RESPONSE, field, describeBlank(field, original));
        }
    }

    private static String describeBlank(final String field, final String original) {
        return original.isEmpty()
                ? field + " is empty"
                : String.format("%s has only whitespace or invisible characters (%d chars)", field, original.length());
    }
}
