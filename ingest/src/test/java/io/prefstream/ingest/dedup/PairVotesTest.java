package io.prefstream.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The dedup store's value: its binary form, and the JSON form earlier versions wrote. */
class PairVotesTest {

    private static final String FORWARD = "a".repeat(64);
    private static final String REVERSE = "b".repeat(64);

    @Test
    void shouldReadBackWhatItWrote() {
        // Set-up: a pair judged both ways, one orientation with two voters.
        PairVotes votes = PairVotes.empty();
        votes.open(FORWARD, "file.jsonl:1", 2, PairVotes.hashOf("annotator:ann-1"));
        votes.addVote(FORWARD, 3, PairVotes.hashOf("annotator:ann-2"));
        votes.open(REVERSE, "id with \u00e9 and \n", 1, PairVotes.hashOf("source:bench"));

        // Act: a round trip through the stored bytes.
        byte[] stored = votes.encode();
        PairVotes read = PairVotes.decode(stored);

        // Verify: the first byte names the format, and every field survives.
        assertThat(stored[0]).isEqualTo(PairVotes.BINARY_FORMAT);
        assertThat(read.orientation(FORWARD)).isEqualTo(new PairVotes.Orientation("file.jsonl:1", 5,
                List.of(PairVotes.hashOf("annotator:ann-1"), PairVotes.hashOf("annotator:ann-2"))));
        assertThat(read.orientation(REVERSE)).isEqualTo(new PairVotes.Orientation("id with \u00e9 and \n", 1,
                List.of(PairVotes.hashOf("source:bench"))));
        assertThat(read.encode()).isEqualTo(stored);
    }

    @Test
    void shouldReadTheJsonFormStoresHeldBeforeTheBinaryOne() {
        String voter = PairVotes.hashOf("annotator:ann-1");
        byte[] json = ("{\"" + FORWARD + "\":{\"id\":\"r-1\",\"v\":2,\"w\":[\"" + voter + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);

        PairVotes read = PairVotes.decode(json);

        assertThat(read.orientation(FORWARD)).isEqualTo(new PairVotes.Orientation("r-1", 2, List.of(voter)));
        assertThat(read.hasVoted(FORWARD, voter)).isTrue();
        assertThat(read.hasOtherThan(FORWARD)).isFalse();
    }

    @Test
    void shouldRefuseValueInNeitherFormat() {
        assertThatThrownBy(() -> PairVotes.decode(new byte[] {7, 0, 0, 0, 0}))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("corrupt dedup state");
        assertThatThrownBy(() -> PairVotes.decode(new byte[0])).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void shouldRefuseBinaryValueWithBytesAfterItsLastOrientation() {
        PairVotes votes = PairVotes.empty();
        votes.open(FORWARD, "r-1", 1, PairVotes.hashOf("annotator:ann-1"));
        byte[] stored = votes.encode();
        byte[] longer = java.util.Arrays.copyOf(stored, stored.length + 1);

        assertThatThrownBy(() -> PairVotes.decode(longer)).isInstanceOf(UncheckedIOException.class);
    }
}
