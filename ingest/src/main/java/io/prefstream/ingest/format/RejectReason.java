package io.prefstream.ingest.format;

/** Why an input record was not accepted; the code goes into the dead-letter envelope. */
public enum RejectReason {
    /** The bytes are not valid UTF-8, or a JSON string escapes an unpaired surrogate. */
    INVALID_UTF8,
    /** The text is not one complete JSON value (cut off, trailing garbage, duplicate keys). */
    MALFORMED_JSON,
    /** The JSON value is null, an array, a string, a number or a boolean instead of an object. */
    NOT_AN_OBJECT,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type. */
    WRONG_TYPE,
    /** A field has the right type but a value outside its allowed range or syntax. */
    INVALID_VALUE,
    /** The prompt is empty or only whitespace. */
    EMPTY_PROMPT,
    /** The chosen or rejected response is empty or only whitespace. */
    EMPTY_RESPONSE,
    /** Chosen and rejected are the same after normalisation and trimming. */
    IDENTICAL_RESPONSES,
    /** Chosen and rejected do not share a prompt (they first differ outside an assistant turn). */
    PROMPT_MISMATCH,
    /** A conversation ends with a turn that is not the assistant's. */
    LAST_TURN_NOT_ASSISTANT,
    /** A chat message has a role other than system, user or assistant. */
    UNKNOWN_ROLE,
    /** A pairwise judgment states no preference. */
    TIE,
    /** A pairwise winner label is not one the parser knows. */
    INVALID_LABEL,
    /** The record matches none of the supported input formats. */
    UNKNOWN_FORMAT,
    /**
     * The record carries the fields of two input formats (for example {@code chosen}/{@code rejected} and
     * {@code response_a}/{@code response_b}), so which pair it states cannot be decided.
     */
    AMBIGUOUS_FORMAT,
    /** The record is larger than the configured byte limit. */
    RECORD_TOO_LARGE,
    /** A text field is longer than the configured character limit. */
    FIELD_TOO_LARGE,
    /**
     * The record's id already names a record of different content. Only the ingest stream gives this
     * reason, and only under {@code IdCollisionPolicy.DEAD_LETTER}: the parser judges one record at a time.
     */
    ID_COLLISION
}
