package io.prefstream.ingest.http;

/**
 * A batch item that failed validation, as reported to the client in a 422 reply.
 *
 * @param index  position in the batch, from 0
 * @param reason the {@link io.prefstream.ingest.format.RejectReason} name
 * @param field  the offending top-level field, or null when the fault belongs to the whole item
 * @param detail what is wrong; never contains record text
 */
record ItemRejection(int index, String reason, String field, String detail) {
}
