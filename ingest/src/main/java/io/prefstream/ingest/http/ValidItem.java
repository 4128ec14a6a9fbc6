package io.prefstream.ingest.http;

/**
 * A batch item that passed validation, ready to produce.
 *
 * @param index      position in the batch, from 0
 * @param recordRef  key of the raw message: {@code http:} plus the item's id, or plus a random UUID when it has none
 * @param contentKey the content key validation computed; the stream deduplicates on it
 * @param bytes      the item's JSON bytes, as submitted
 */
record ValidItem(int index, String recordRef, String contentKey, byte[] bytes) {
}
