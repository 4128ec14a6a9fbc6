package io.prefstream.ingest.format;

/**
 * The two dedup keys of a validated pair, computed together from one normalisation of its fields.
 *
 * @param contentKey the pair's {@link ContentKey} in its own orientation
 * @param pairKey    the key both orientations share; see {@link ContentKey#pairOf}
 */
record PairKeys(String contentKey, String pairKey) {
}
