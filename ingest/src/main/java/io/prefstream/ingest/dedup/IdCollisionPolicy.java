package io.prefstream.ingest.dedup;

/**
 * What the ingest stream does with a record whose id already names a record of different content
 * (another content key, including the same pair judged the other way round).
 */
public enum IdCollisionPolicy {

    /**
     * Keep the record as its own record under its content key (the default): nothing is overwritten,
     * and the id then names more than one record. Ids are not tracked.
     */
    KEEP,

    /**
     * Send the later record to the dead-letter topic with reason {@code ID_COLLISION}. The stream
     * remembers, per id, a hash of the id and the content key of the first record that used it.
     */
    DEAD_LETTER;

    /** The default policy. */
    public static final IdCollisionPolicy DEFAULT = KEEP;
}
