package io.prefstream.ingest.dedup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
 *
 * <p>Stored values are binary: the format byte {@value #BINARY_FORMAT}, the number of
 * orientations, then per orientation its content key, kept id, votes, the number of voters and
 * each voter hash, strings in {@link DataOutputStream#writeUTF modified UTF-8} and numbers as
 * big-endian ints. Earlier versions stored the same map as JSON text
 * ({@code {"<content key>":{"id":..,"v":..,"w":[..]}}}); a value that starts with {@code '{'}
 * is still read that way, so stores and changelogs written before keep working, and each is
 * rewritten in the binary form the next time its pair changes.
 */
final class PairVotes {

    /** First byte of a binary value; never {@code '{'}, the first byte of the JSON form. */
    static final byte BINARY_FORMAT = 1;

    private static final byte JSON_OBJECT_START = '{';
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VOTER_HASH_CHARS = 16;
    /** Room for one orientation in the usual case: a 64-char key, a short id, one voter. */
    private static final int TYPICAL_BYTES = 128;

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

    /**
     * Decodes a stored state, binary or the earlier JSON form.
     *
     * @throws UncheckedIOException when the value is neither
     */
    static PairVotes decode(byte[] stored) {
        try {
            if (stored.length > 0 && stored[0] == JSON_OBJECT_START) {
                return decodeJson(stored);
            }
            if (stored.length == 0 || stored[0] != BINARY_FORMAT) {
                throw new IOException("dedup state of " + stored.length + " bytes starts with neither format byte "
                        + BINARY_FORMAT + " nor '{'");
            }
            return decodeBinary(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt dedup state", e);
        }
    }

    private static PairVotes decodeJson(byte[] json) throws IOException {
        Map<String, Orientation> map = JSON.readValue(json,
                JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Orientation.class));
        return new PairVotes(map);
    }

    private static PairVotes decodeBinary(byte[] stored) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored, 1, stored.length - 1));
        int orientations = in.readInt();
        Map<String, Orientation> map = new LinkedHashMap<>();
        for (int o = 0; o < orientations; o++) {
            String contentKey = in.readUTF();
            String keptId = in.readUTF();
            int votes = in.readInt();
            int voterCount = in.readInt();
            List<String> voters = new ArrayList<>(voterCount);
            for (int v = 0; v < voterCount; v++) {
                voters.add(in.readUTF());
            }
            map.put(contentKey, new Orientation(keptId, votes, voters));
        }
        if (in.available() > 0) {
            throw new IOException("dedup state has " + in.available() + " bytes after its last orientation");
        }
        return new PairVotes(map);
    }

    /** Encodes the state for the store, in the binary form. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(TYPICAL_BYTES * byContentKey.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(BINARY_FORMAT);
            out.writeInt(byContentKey.size());
            for (Map.Entry<String, Orientation> entry : byContentKey.entrySet()) {
                Orientation orientation = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeUTF(orientation.keptId());
                out.writeInt(orientation.votes());
                out.writeInt(orientation.voters().size());
                for (String voter : orientation.voters()) {
                    out.writeUTF(voter);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode dedup state", e);
        }
        return bytes.toByteArray();
    }

    /** Returns the short hash a voter (an annotator or a source, with its prefix) is remembered by. */
    static String hashOf(String voter) {
        return Hashing.sha256Hex(voter.getBytes(StandardCharsets.UTF_8)).substring(0, VOTER_HASH_CHARS);
    }

    /** Returns the orientation with this content key, or null. */
    Orientation orientation(String contentKey) {
        return byContentKey.get(contentKey);
    }

    /** Returns whether some other orientation of the pair is known. */
    boolean hasOtherThan(String contentKey) {
        return byContentKey.keySet().stream().anyMatch(key -> !key.equals(contentKey));
    }

    /** Records a new orientation with its first voter, given by its {@link #hashOf hash}. */
    void open(String contentKey, String recordId, int votes, String voterHash) {
        byContentKey.put(contentKey, new Orientation(recordId, votes, List.of(voterHash)));
    }

    /** Returns whether the voter, given by its {@link #hashOf hash}, already voted for this orientation. */
    boolean hasVoted(String contentKey, String voterHash) {
        Orientation orientation = byContentKey.get(contentKey);
        return orientation != null && orientation.voters().contains(voterHash);
    }

    /** Adds the votes of a voter, given by its {@link #hashOf hash}, to an orientation; returns the new total. */
    int addVote(String contentKey, int votes, String voterHash) {
        Orientation old = byContentKey.get(contentKey);
        List<String> voters = new ArrayList<>(old.voters());
        voters.add(voterHash);
        Orientation updated = new Orientation(old.keptId(), old.votes() + votes, voters);
        byContentKey.put(contentKey, updated);
        return updated.votes();
    }
}
