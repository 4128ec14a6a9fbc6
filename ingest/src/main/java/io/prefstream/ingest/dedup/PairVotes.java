package io.prefstream.ingest.dedup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prefstream.schemas.snapshot.Hashing;

/**
 * What the dedup store remembers about one unordered pair: per orientation (content key), the
 * id of the kept record, its vote count and short hashes of who voted. Never any text.
 */
final class PairVotes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VOTER_HASH_CHARS = 16;

    /**
     * One orientation of the pair.
     *
     * @param keptId id of the first record with this orientation
     * @param votes votes so far
     * @param voters hashes of the annotators (or sources) that voted
     */
    record Orientation(@JsonProperty("id") String keptId, @JsonProperty("v") int votes,
            @JsonProperty("w") List<String> voters) {
    }

    private final Map<String, Orientation> byContentKey;

    private PairVotes(Map<String, Orientation> byContentKey) {
        this.byContentKey = byContentKey;
    }

    /** Returns an empty state, for a pair never seen. */
    static PairVotes empty() {
        return new PairVotes(new LinkedHashMap<>());
    }

    /** Decodes a stored state. */
    static PairVotes decode(String json) {
        try {
            Map<String, Orientation> map = JSON.readValue(json,
                    JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Orientation.class));
            return new PairVotes(map);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt dedup state", e);
        }
    }

    /** Encodes the state for the store. */
    String encode() {
        try {
            return JSON.writeValueAsString(byContentKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode dedup state", e);
        }
    }

    /** Returns the orientation with this content key, or null. */
    Orientation orientation(String contentKey) {
        return byContentKey.get(contentKey);
    }

    /** Returns whether some other orientation of the pair is known. */
    boolean hasOtherThan(String contentKey) {
        return byContentKey.keySet().stream().anyMatch(key -> !key.equals(contentKey));
    }

    /** Records a new orientation with its first voter. */
    void open(String contentKey, String recordId, int votes, String voter) {
        byContentKey.put(contentKey, new Orientation(recordId, votes, List.of(hashOf(voter))));
    }

    /** Returns whether the voter already voted for this orientation. */
    boolean hasVoted(String contentKey, String voter) {
        Orientation orientation = byContentKey.get(contentKey);
        return orientation != null && orientation.voters().contains(hashOf(voter));
    }

    /** Adds a voter's votes to an orientation and returns the new total. */
    int addVote(String contentKey, int votes, String voter) {
        Orientation old = byContentKey.get(contentKey);
        List<String> voters = new ArrayList<>(old.voters());
        voters.add(hashOf(voter));
        Orientation updated = new Orientation(old.keptId(), old.votes() + votes, voters);
        byContentKey.put(contentKey, updated);
        return updated.votes();
    }

    private static String hashOf(String voter) {
        return Hashing.sha256Hex(voter.getBytes(StandardCharsets.UTF_8)).substring(0, VOTER_HASH_CHARS);
    }
}
