package io.prefstream.ingest.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.prefstream.schemas.v1.PreferenceRecord;

/**
 * How a snapshot treats a pair that was judged both ways round (a conflict): the two
 * orientations share a pair key and each carries its own vote count.
 */
public enum ConflictPolicy {

    /** Keep the orientation with more votes; on a tie keep neither. The default. */
    MAJORITY,

    /** Keep neither orientation of a conflicting pair. */
    DROP,

    /** Keep both orientations, each with its vote count, for objectives that use vote margins. */
    KEEP_BOTH;

    /**
     * What resolving did.
     *
     * @param conflictingPairs pairs present in both orientations
     * @param droppedRecords rows removed by the policy
     */
    public record Resolution(long conflictingPairs, long droppedRecords) {
    }

    /**
     * One orientation of a pair, as the policy sees it.
     *
     * @param contentKey the orientation's content key
     * @param votes its vote count
     */
    public record Orientation(String contentKey, int votes) {
    }

    /** Applies the policy to records keyed by content key, removing the rows it drops. */
    public Resolution resolve(SortedMap<String, PreferenceRecord> byContentKey) {
        Map<String, List<Orientation>> byPair = new HashMap<>();
        for (PreferenceRecord record : byContentKey.values()) {
            if (record.getPairKey() != null) {
                byPair.computeIfAbsent(record.getPairKey(), k -> new ArrayList<>(2))
                        .add(new Orientation(record.getContentKey(), record.getVotes()));
            }
        }
        long conflicts = 0;
        long dropped = 0;
        for (List<Orientation> orientations : byPair.values()) {
            if (orientations.size() < 2) {
                continue;
            }
            conflicts++;
            for (Orientation loser : losers(orientations)) {
                byContentKey.remove(loser.contentKey());
                dropped++;
            }
        }
        return new Resolution(conflicts, dropped);
    }

    /**
     * Returns the orientations of one pair that the policy drops.
     *
     * @param orientations every orientation present with the pair's key, in content-key order; at least two
     */
    public List<Orientation> losers(List<Orientation> orientations) {
        Orientation a = orientations.get(0);
        Orientation b = orientations.get(1);
        return switch (this) {
            case KEEP_BOTH -> List.of();
            case DROP -> orientations;
            case MAJORITY -> a.votes() == b.votes() ? orientations
                    : List.of(a.votes() > b.votes() ? b : a);
        };
    }
}
