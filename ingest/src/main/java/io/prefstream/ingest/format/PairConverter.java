package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns a record of one input format into a prompt and two responses. */
interface PairConverter {

    /**
     * Returns the pair.
     *
     * @throws RecordRejection when the record does not fit the format
     */
    ConvertedPair convert(ObjectNode node);
}
