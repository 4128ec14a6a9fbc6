package io.prefstream.ops.cli;

import io.prefstream.ingest.dedup.IdCollisionPolicy;
import io.prefstream.ingest.format.ParserConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How records are judged, shared by the commands that parse and deduplicate them: the size limits,
 * the four normalisation steps of the content key, and the id-collision policy. Each normalisation
 * step is on by default and applies to the content key and the empty/identical checks; NFC also
 * applies to the stored text, which is made NFC as it is read. With {@code --no-nfc} text is stored
 * as received and keyed without NFC, so judgments that differ only in Unicode composition are
 * distinct records. Apart from NFC, stored text is verbatim.
 */
final class InputOptions {

    @Mixin
    RecordSizeOption recordSize;

    @Option(names = "--max-field-chars", paramLabel = "N", converter = OptionRanges.PositiveInt.class,
            defaultValue = "" + ParserConfig.DEFAULT_MAX_FIELD_CHARS,
            description = "Longest prompt, response or metadata value accepted, in characters; longer ones are"
                    + " dead-lettered as FIELD_TOO_LARGE (default: ${DEFAULT-VALUE}).")
    int maxFieldChars = ParserConfig.DEFAULT_MAX_FIELD_CHARS;

    @Option(names = "--no-nfc",
            description = "Do not normalise text to Unicode NFC (default: normalise as it is read, for the stored"
                    + " text and the content key alike). With this option text is stored as received, and"
                    + " judgments that differ only in Unicode composition (a precomposed or a decomposed accent)"
                    + " are distinct records, not duplicates.")
    boolean noNfc;

    @Option(names = "--no-crlf-to-lf",
            description = "Do not turn CRLF and lone CR into LF for the content key (default: turn them).")
    boolean noCrlfToLf;

    @Option(names = "--no-trailing-whitespace-trim",
            description = "Do not strip trailing whitespace of each field for the content key (default: strip).")
    boolean noTrailingWhitespaceTrim;

    @Option(names = "--no-zero-width-removal",
            description = "Do not remove U+200B, U+200C, U+200D, U+2060 and U+FEFF for the content key"
                    + " (default: remove them).")
    boolean noZeroWidthRemoval;

    @Option(names = "--id-collision", paramLabel = "POLICY", defaultValue = "KEEP",
            description = "What happens to a record whose id already names a record of different content:"
                    + " ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). KEEP keeps it as its own record;"
                    + " DEAD_LETTER sends it to the dead-letter topic as ID_COLLISION. Every ingest instance"
                    + " of one application id must use the same policy.")
    IdCollisionPolicy idCollision = IdCollisionPolicy.DEFAULT;

    /** Returns the parser settings these options describe. */
    ParserConfig parserConfig() {
        return ParserConfig.defaults()
                .withMaxRecordBytes(recordSize.maxRecordBytes)
                .withMaxFieldChars(maxFieldChars)
                .withNfc(!noNfc)
                .withCrlfToLf(!noCrlfToLf)
                .withTrimTrailingWhitespace(!noTrailingWhitespaceTrim)
                .withRemoveZeroWidth(!noZeroWidthRemoval);
    }

    /** Returns the id-collision policy. */
    IdCollisionPolicy idCollision() {
        return idCollision;
    }
}
