package io.prefstream.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.prefstream.ingest.format.ContentKey;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.format.ParseResult;
import io.prefstream.ingest.format.RejectReason;
import io.prefstream.schemas.v1.ChatMessage;
import io.prefstream.schemas.v1.DeadLetter;
import io.prefstream.schemas.v1.PreferenceRecord;

/** Reading Avro data files of PreferenceRecord: schema resolution, refusals, and the JSON form each record takes. */
class AvroReaderTest {

    @TempDir
    Path dir;

    private final JudgmentParser parser = new JudgmentParser();

    /** Reads every record of a file the way the importer does, with the file name as source name. */
    private static List<ImportRecord> readAll(final Path file, final String sourceOverride) throws IOException {
        final String name = file.getFileName().toString();
        final List<ImportRecord> records = new ArrayList<>();
        try (ImportReader reader = FileImporter.openReader(file, name, sourceOverride, FileFormat.AUTO)) {
            assertThat(reader.format()).isEqualTo(FileFormat.AVRO);
            for (ImportRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
            assertThat(reader.read()).isEqualTo(records.size());
        }
        return records;
    }

    /** Parses an import record as the topology would. */
    private ParseResult judge(final ImportRecord record) {
        return parser.parse(record.value(), record.source(), record.ref());
    }

    private PreferenceRecord accepted(final ImportRecord record) {
        final ParseResult result = judge(record);
        assertThat(result).as(record.ref()).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).record();
    }

    private static Schema releasedSchema() throws IOException {
        // PreferenceRecord names ChatMessage, so the parser must know it first.
        final Schema.Parser parser = new Schema.Parser();
        parser.parse(AvroFiles.RELEASED_SCHEMAS.resolve("ChatMessage.avsc").toFile());
        return parser.parse(AvroFiles.RELEASED_SCHEMAS.resolve("PreferenceRecord.avsc").toFile());
    }

    @Test
    void shouldReferToEachRecordByFileNameAndRecordNumber() throws IOException {
        final Path file = AvroFiles.write(dir.resolve("snap.avro"), false, List.of(
                AvroFiles.record("a-1", "p1", "yes", "no"), AvroFiles.record("a-2", "p2", "yes", "no")));

        assertThat(readAll(file, null)).extracting(ImportRecord::ref).containsExactly("snap.avro#1", "snap.avro#2");
    }

    @Test
    void shouldKeepIdAnnotatorVotesCreatedAtMetadataAndSource() throws IOException {
        final Path file = AvroFiles.write(dir.resolve("snap.avro"), false,
                List.of(AvroFiles.record("a-1", "Capital of France?", "Paris.", "Lyon.")));

        final PreferenceRecord record = accepted(readAll(file, null).get(0));

        assertThat(record.getId()).isEqualTo("a-1");
        assertThat(record.getSource()).isEqualTo("collector-a");
        assertThat(record.getAnnotatorId()).isEqualTo("ann-1");
        assertThat(record.getVotes()).isEqualTo(2);
        assertThat(record.getCreatedAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(record.getMetadata()).containsExactly(Map.entry("batch", "b7"));
        assertThat(record.getPrompt()).isEqualTo("Capital of France?");
        assertThat(record.getChosen()).isEqualTo("Paris.");
        assertThat(record.getRejected()).isEqualTo("Lyon.");
    }

    @Test
    void shouldRecomputeContentAndPairKeysInsteadOfTrustingTheFile() throws IOException {
        final Path file = AvroFiles.write(dir.resolve("snap.avro"), false,
                List.of(AvroFiles.record("a-1", "q\r\n", "yes ", "no")));

        final PreferenceRecord record = accepted(readAll(file, null).get(0));

        assertThat(record.getContentKey()).isEqualTo(ContentKey.of("q", "yes", "no"));
        assertThat(record.getPairKey()).isNotEqualTo("not-the-real-pair-key").hasSize(64);
    }

    @Test
    void shouldStoreTheImportSourceWhenOneIsGivenOrTheRecordHasNone() throws IOException {
        final PreferenceRecord blankSource = PreferenceRecord.newBuilder(AvroFiles.record("a-2", "p", "yes", "no"))
                .setSource(" ").build();
        final Path file = AvroFiles.write(dir.resolve("snap.avro"), false,
                List.of(AvroFiles.record("a-1", "p", "yes", "no"), blankSource));

        assertThat(readAll(file, null)).extracting(ImportRecord::source).containsExactly("collector-a", "snap.avro");
        assertThat(readAll(file, "team-b")).extracting(ImportRecord::source).containsExactly("team-b", "team-b");
    }

    @Test
    void shouldKeepChatPromptAsMessagesWithTheSameText() throws IOException {
        final List<ChatMessage> messages = List.of(new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "Hi"));
        final PreferenceRecord chat = PreferenceRecord.newBuilder(AvroFiles.record("c-1",
                "\n\nSystem: Be brief.\n\nHuman: Hi\n\nAssistant:", "Hello!", "Go away."))
                .setPromptMessages(messages).build();
        final Path file = AvroFiles.write(dir.resolve("chat.avro"), false, List.of(chat));

        final PreferenceRecord record = accepted(readAll(file, null).get(0));

        assertThat(record.getPromptMessages()).extracting(ChatMessage::getRole, ChatMessage::getContent)
                .containsExactly(tuple("system", "Be brief."), tuple("user", "Hi"));
        assertThat(record.getPrompt()).isEqualTo(chat.getPrompt());
        assertThat(record.getChosen()).isEqualTo("Hello!");
    }

    @Test
    void shouldReadGzippedAvroFile() throws IOException {
        final Path file = AvroFiles.write(dir.resolve("snap.avro.gz"), true,
                List.of(AvroFiles.record("a-1", "p", "yes", "no")));

        assertThat(readAll(file, null)).extracting(record -> accepted(record).getId()).containsExactly("a-1");
    }

    @Test
    void shouldReadFileWrittenWithReleasedSchema() throws IOException {
        final Schema released = releasedSchema();
        final GenericRecord record = new GenericData.Record(released);
        record.put("id", "old-1");
        record.put("source", "old.jsonl");
        record.put("content_key", "k");
        record.put("prompt", "p");
        record.put("chosen", "yes");
        record.put("rejected", "no");
        record.put("votes", 3);
        record.put("metadata", Map.of());
        final Path file = AvroFiles.writeGeneric(dir.resolve("released.avro"), released, List.of(record));

        final PreferenceRecord read = accepted(readAll(file, null).get(0));

        assertThat(read.getId()).isEqualTo("old-1");
        assertThat(read.getVotes()).isEqualTo(3);
        assertThat(read.getSource()).isEqualTo("old.jsonl");
    }

    @Test
    void shouldResolveOlderSchemaLackingTheOptionalFields() throws IOException {
        final Schema older = AvroFiles.currentSchemaWithout("prompt_messages", "annotator_id",
                "votes", "pair_key", "created_at", "metadata");
        final GenericRecord record = new GenericData.Record(older);
        record.put("id", "old-2");
        record.put("source", "old.jsonl");
        record.put("content_key", "k");
        record.put("prompt", "p");
        record.put("chosen", "yes");
        record.put("rejected", "no");
        final Path file = AvroFiles.writeGeneric(dir.resolve("older.avro"), older, List.of(record));

        final PreferenceRecord read = accepted(readAll(file, null).get(0));

        assertThat(read.getVotes()).as("the reader schema's default").isEqualTo(1);
        assertThat(read.getAnnotatorId()).isNull();
        assertThat(read.getMetadata()).isEmpty();
    }

    @Test
    void shouldRefuseFileWhoseSchemaCannotBeResolvedNamingTheFile() throws IOException {
        final Schema retyped = AvroFiles.currentSchemaWithVotesAsString();
        final GenericRecord record = new GenericData.Record(retyped);
        Arrays.asList("id", "source", "content_key", "prompt", "chosen", "rejected").forEach(f -> record.put(f, "x"));
        record.put("votes", "three");
        record.put("metadata", Map.of());
        final Path file = AvroFiles.writeGeneric(dir.resolve("retyped.avro"), retyped, List.of(record));

        assertThatThrownBy(() -> readAll(file, null)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("cannot be read as io.prefstream.schemas.v1.PreferenceRecord")
                .hasMessageContaining("votes");
    }

    @Test
    void shouldRefuseAvroFileOfAnotherRecordType() throws IOException {
        final Path file = AvroFiles.writeGeneric(dir.resolve("letters.avro"), DeadLetter.getClassSchema(), List.of());

        assertThatThrownBy(() -> readAll(file, null)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("DeadLetter");
    }

    @Test
    void shouldRefuseFileWithAvroMagicButCorruptHeader() throws IOException {
        final Path file = Files.write(dir.resolve("corrupt.avro"),
                new byte[] {'O', 'b', 'j', 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x13, 'x'});

        assertThatThrownBy(() -> readAll(file, null)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a readable Avro data file");
    }

    @Test
    void shouldStopWithAnErrorNamingTheFileAtACorruptBlock() throws IOException {
        final Path whole = AvroFiles.write(dir.resolve("whole.avro"), false, List.of(
                AvroFiles.record("a-1", "p1", "yes", "no"), AvroFiles.record("a-2", "p2", "yes", "no")));
        final byte[] bytes = Files.readAllBytes(whole);
        final Path cut = Files.write(dir.resolve("cut.avro"), Arrays.copyOf(bytes, bytes.length - 20));

        assertThatThrownBy(() -> readAll(cut, null)).isInstanceOf(IOException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("after record 0")
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldStopWithAnErrorWhenAGzippedAvroFileIsCutShort() throws IOException {
        final List<PreferenceRecord> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(AvroFiles.record("a-" + i, "prompt " + i, "yes " + i, "no " + i));
        }
        final byte[] bytes = Files.readAllBytes(AvroFiles.write(dir.resolve("whole.avro.gz"), true, many));
        final Path cut = Files.write(dir.resolve("cut.avro.gz"), Arrays.copyOf(bytes, bytes.length * 2 / 3));

        assertThatThrownBy(() -> readAll(cut, null)).isInstanceOf(IOException.class)
                .hasMessageContaining(cut.toString()).hasStackTraceContaining("gzip stream is truncated");
    }

    @Test
    void shouldStopWithAnErrorNamingTheFileAtABlockWithABadSyncMarker() throws IOException {
        final Path whole = AvroFiles.write(dir.resolve("whole.avro"), false,
                List.of(AvroFiles.record("a-1", "p1", "yes", "no")));
        final byte[] bytes = Files.readAllBytes(whole);
        bytes[bytes.length - 1] ^= 0x55;
        final Path damaged = Files.write(dir.resolve("damaged.avro"), bytes);

        assertThatThrownBy(() -> readAll(damaged, null)).isInstanceOf(IOException.class)
                .hasMessageContaining(damaged.toString());
    }

    @Test
    void shouldRefuseNonAvroFileWhenAvroIsForced() throws IOException {
        final Path file = Files.writeString(dir.resolve("lines.jsonl"), "{\"prompt\":\"p\"}\n");

        assertThatThrownBy(() -> FileImporter.openReader(file, "lines.jsonl", null, FileFormat.AVRO))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("is not an Avro container file").hasMessageContaining("magic bytes")
                .hasMessageNotContaining("Block byte-size");
    }

    @Test
    void shouldGiveInvalidRecordTheReasonAJsonRecordWouldGetAndItsRecordNumber() throws IOException {
        final PreferenceRecord noVotes = PreferenceRecord.newBuilder(AvroFiles.record("a-3", "p3", "yes", "no"))
                .setVotes(0).build();
        final Path file = AvroFiles.write(dir.resolve("snap.avro"), false, List.of(
                AvroFiles.record("a-1", "p1", "yes", "no"), AvroFiles.record("a-2", "  ", "yes", "no"), noVotes));
        final List<ImportRecord> records = readAll(file, null);

        final ParseResult.Rejected emptyPrompt = (ParseResult.Rejected) judge(records.get(1));
        final ParseResult.Rejected zeroVotes = (ParseResult.Rejected) judge(records.get(2));

        assertThat(emptyPrompt.reason()).isEqualTo(RejectReason.EMPTY_PROMPT);
        assertThat(emptyPrompt.detail()).contains("snap.avro#2");
        assertThat(zeroVotes.reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(zeroVotes.field()).isEqualTo("votes");
        assertThat(zeroVotes.detail()).contains("snap.avro#3");
    }

    @Test
    void shouldDeadLetterARecordWhoseStringIsNotUtf8NamingTheField() throws IOException {
        final PreferenceRecord chat = PreferenceRecord.newBuilder(AvroFiles.record("a-2", "p", "yes", "no"))
                .setPromptMessages(List.of(new ChatMessage("user", "MARKER-1"))).build();
        final Path file = AvroFiles.write(dir.resolve("damaged.avro"), false,
                List.of(AvroFiles.record("a-1", "MARKER-0", "yes", "no"), chat, AvroFiles.record("a-3", "p", "y", "n")));
        // Avro writes strings as length-prefixed bytes; the uncompressed file holds them as they are
        final byte[] bytes = Files.readAllBytes(file);
        replace(bytes, "MARKER-0", new byte[] {'M', 'A', 'R', 'K', 'E', 'R', (byte) 0xFF, '0'});
        replace(bytes, "MARKER-1", new byte[] {'M', 'A', 'R', 'K', 'E', 'R', (byte) 0xC3, '1'});
        Files.write(file, bytes);

        final List<ImportRecord> records = readAll(file, null);

        assertThat(records).extracting(r -> r.refusal() == null ? null : r.refusal().reason())
                .containsExactly(RejectReason.INVALID_UTF8, RejectReason.INVALID_UTF8, null);
        assertThat(records.get(0).refusal().field()).isEqualTo("prompt");
        assertThat(records.get(0).refusal().detail()).contains("damaged.avro#1").doesNotContain("MARKER");
        assertThat(records.get(1).refusal().field()).isEqualTo("prompt_messages.content");
        assertThat(accepted(records.get(2)).getId()).isEqualTo("a-3");
    }

    private static void replace(final byte[] bytes, final String marker, final byte[] replacement) {
        final byte[] target = marker.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + target.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + target.length, target, 0, target.length)) {
                System.arraycopy(replacement, 0, bytes, i, replacement.length);
                return;
            }
        }
        throw new AssertionError(marker + " not found in the file");
    }

    @Test
    void shouldRefuseMetadataKeyThatTheJsonFormReadsAsAField() throws IOException {
        final PreferenceRecord withWinner = PreferenceRecord.newBuilder(AvroFiles.record("a-1", "p", "yes", "no"))
                .setMetadata(Map.of("winner", "model_b", "batch", "b7")).build();
        final Path file = AvroFiles.write(dir.resolve("foreign.avro"), false, List.of(withWinner));

        final ImportRecord record = readAll(file, null).get(0);

        assertThat(record.refusal()).isNotNull();
        assertThat(record.refusal().reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(record.refusal().field()).isEqualTo("metadata");
        assertThat(record.refusal().detail()).contains("foreign.avro#1").contains("'winner'");
    }
}
