package io.prefstream.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.PreferenceRecord;

class EncodedRecordTest {

    private static final AvroSerde<PreferenceRecord> SERDE = AvroSerdes.preferenceRecord();
    private static final long FINGERPRINT = SERDE.fingerprint();

    private static PreferenceRecord.Builder record(int votes) {
        return PreferenceRecord.newBuilder().setId("id-1").setSource("src").setContentKey("ck").setPrompt("the prompt")
                .setChosen("yes").setRejected("no").setAnnotatorId("ann").setPairKey("pk").setVotes(votes);
    }

    private static EncodedRecord read(byte[] message) {
        return EncodedRecord.read(message, FINGERPRINT, true);
    }

    @Test
    void shouldMatchTheGeneratedSchemasLayout() {
        assertThat(EncodedRecord.LAYOUT_MATCHES)
                .as("PreferenceRecord changed: update EncodedRecord to read the new layout").isTrue();
    }

    @Test
    void shouldReadTheFieldsInPlace() {
        EncodedRecord record = read(SERDE.encode(record(7).build()));

        assertThat(record.canonical()).isTrue();
        assertThat(record.id()).isEqualTo("id-1");
        assertThat(record.contentKey()).isEqualTo("ck");
        assertThat(record.prompt()).isEqualTo("the prompt");
        assertThat(record.annotatorId()).isEqualTo("ann");
        assertThat(record.pairKey()).isEqualTo("pk");
        assertThat(record.votes()).isEqualTo(7);
    }

    @Test
    void shouldReadAbsentOptionalFieldsAsNull() {
        EncodedRecord record = read(SERDE.encode(record(1).setAnnotatorId(null).setPairKey(null).build()));

        assertThat(record.annotatorId()).isNull();
        assertThat(record.pairKey()).isNull();
    }

    @Test
    void shouldRewriteVotesAsEncodingTheRecordWould() {
        for (int[] votes : new int[][] {{1, 2}, {63, 64}, {64, 63}, {1, Integer.MAX_VALUE}, {5, -3}}) {
            byte[] message = SERDE.encode(record(votes[0]).build());
            byte[] expected = SERDE.encode(record(votes[1]).build());

            byte[] datum = read(message).datumWithVotes(votes[1]);

            assertThat(datum).as("%d -> %d", votes[0], votes[1])
                    .isEqualTo(Arrays.copyOfRange(expected, EncodedRecord.HEADER, expected.length));
        }
    }

    @Test
    void shouldNotTakeAMapOfSeveralEntriesAsCanonical() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("b", "1");
        metadata.put("a", "2");

        assertThat(read(SERDE.encode(record(1).setMetadata(metadata).build())).canonical()).isFalse();
        assertThat(read(SERDE.encode(record(1).setMetadata(Map.of("a", "1")).build())).canonical()).isTrue();
    }

    @Test
    void shouldNotTakeANonMinimalVarintAsCanonical() {
        byte[] message = SERDE.encode(record(1).build());
        // The votes field (1, zigzag 0x02) written in two bytes instead of one.
        int votes = indexOfVotes(message);
        byte[] padded = new byte[message.length + 1];
        System.arraycopy(message, 0, padded, 0, votes);
        padded[votes] = (byte) 0x82;
        padded[votes + 1] = 0x00;
        System.arraycopy(message, votes + 1, padded, votes + 2, message.length - votes - 1);

        EncodedRecord record = read(padded);

        assertThat(record.votes()).isEqualTo(1);
        assertThat(record.canonical()).isFalse();
        assertThat(SERDE.decode("t", padded).getVotes()).isEqualTo(1);
    }

    private static int indexOfVotes(byte[] message) {
        byte[] before = "ann".getBytes(StandardCharsets.UTF_8);
        for (int i = EncodedRecord.HEADER; i + before.length < message.length; i++) {
            if (Arrays.equals(message, i, i + before.length, before, 0, before.length)) {
                return i + before.length;
            }
        }
        throw new IllegalArgumentException("no annotator in message");
    }

    @Test
    void shouldNotTakeTrailingBytesAsCanonical() {
        byte[] message = SERDE.encode(record(1).build());

        assertThat(read(Arrays.copyOf(message, message.length + 1)).canonical()).isFalse();
    }

    @Test
    void shouldRejectTruncatedMessagesAndOtherSchemas() {
        byte[] message = SERDE.encode(record(1).build());
        byte[] otherSchema = message.clone();
        otherSchema[2] ^= 1;

        assertThat(read(Arrays.copyOf(message, message.length - 4))).isNull();
        assertThat(read(Arrays.copyOf(message, EncodedRecord.HEADER - 1))).isNull();
        assertThat(read(otherSchema)).isNull();
        assertThat(read(null)).isNull();
    }

    @Test
    void shouldAcceptOnlyWellFormedUtf8() {
        assertThat(utf8("plain ascii, longer than eight bytes")).isTrue();
        assertThat(utf8("\u00e9\u4e16\ud83d\ude00 mixed after eight ascii")).isTrue();
        assertThat(utf8(0xC3, 0xA9)).isTrue();
        assertThat(utf8(0xF4, 0x8F, 0xBF, 0xBF)).as("U+10FFFF").isTrue();
        assertThat(utf8(0xC0, 0xAF)).as("overlong /").isFalse();
        assertThat(utf8(0xE0, 0x80, 0xAF)).as("overlong, three bytes").isFalse();
        assertThat(utf8(0xED, 0xA0, 0x80)).as("surrogate").isFalse();
        assertThat(utf8(0xF4, 0x90, 0x80, 0x80)).as("past U+10FFFF").isFalse();
        assertThat(utf8(0xE4, 0xB8)).as("truncated").isFalse();
        assertThat(utf8(0x61, 0x80)).as("lone continuation").isFalse();
        assertThat(utf8(0xE4, 0x41, 0x96)).as("bad continuation").isFalse();
    }

    private static boolean utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return EncodedRecord.isUtf8(bytes, 0, bytes.length);
    }

    private static boolean utf8(int... values) {
        byte[] bytes = new byte[values.length + 2];
        bytes[0] = 'x';
        for (int i = 0; i < values.length; i++) {
            bytes[i + 1] = (byte) values[i];
        }
        bytes[bytes.length - 1] = 'y';
        // The surrounding ASCII must not hide the sequence, nor count toward it.
        return EncodedRecord.isUtf8(bytes, 0, bytes.length) && EncodedRecord.isUtf8(bytes, 1, values.length);
    }
}
