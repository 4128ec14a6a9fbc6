package io.prefstream.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format detection of import files: by the first bytes of the content, after transparent gunzip. */
class ImportInputTest {

    @TempDir
    Path dir;

    private static FileFormat detect(final Path file, final FileFormat requested) throws IOException {
        try (ImportInput input = ImportInput.open(file, requested)) {
            return input.format();
        }
    }

    private Path avro(final String name, final boolean gzip) throws IOException {
        return AvroFiles.write(dir.resolve(name), gzip, List.of(AvroFiles.record("a-1", "p", "yes", "no")));
    }

    private Path text(final String name, final byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void shouldDetectAvroDataFileByItsMagicBytes() throws IOException {
        // A misleading name: detection reads the content, not the extension.
        assertThat(detect(avro("records.jsonl", false), FileFormat.AUTO)).isEqualTo(FileFormat.AVRO);
    }

    @Test
    void shouldDetectAvroInsideGzip() throws IOException {
        final Path file = avro("records.avro.gz", true);

        assertThat(Files.readAllBytes(file)[0]).as("the file itself is gzip").isEqualTo((byte) 0x1f);
        assertThat(detect(file, FileFormat.AUTO)).isEqualTo(FileFormat.AVRO);
    }

    @Test
    void shouldTreatJsonLinesPlainOrGzippedAsJsonl() throws IOException {
        final byte[] line = "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        final Path gzip = dir.resolve("lines.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(line);
        }

        assertThat(detect(text("lines.jsonl", line), FileFormat.AUTO)).isEqualTo(FileFormat.JSONL);
        assertThat(detect(gzip, FileFormat.AUTO)).isEqualTo(FileFormat.JSONL);
    }

    @Test
    void shouldTreatFilesShorterThanTheMagicAsJsonl() throws IOException {
        assertThat(detect(text("empty.jsonl", new byte[0]), FileFormat.AUTO)).isEqualTo(FileFormat.JSONL);
        assertThat(detect(text("obj.jsonl", new byte[] {'O', 'b', 'j'}), FileFormat.AUTO)).isEqualTo(FileFormat.JSONL);
    }

    @Test
    void shouldNotMistakeTextStartingWithObjForAvro() throws IOException {
        assertThat(detect(text("obj.jsonl", "Obj2 is not Avro\n".getBytes(StandardCharsets.UTF_8)), FileFormat.AUTO))
                .isEqualTo(FileFormat.JSONL);
    }

    @Test
    void shouldUseForcedFormatWhateverTheContent() throws IOException {
        assertThat(detect(avro("records.avro", false), FileFormat.JSONL)).isEqualTo(FileFormat.JSONL);
        assertThat(detect(text("lines.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8)), FileFormat.AVRO))
                .isEqualTo(FileFormat.AVRO);
    }

    @Test
    void shouldStartContentAtItsFirstByteAfterDetection() throws IOException {
        try (ImportInput input = ImportInput.open(avro("records.avro.gz", true), FileFormat.AUTO)) {
            assertThat(input.content().readNBytes(4)).isEqualTo(ImportInput.AVRO_MAGIC);
        }
    }

    @Test
    void shouldNameTheFileWhenAGzipFileEndsInsideItsHeader() throws IOException {
        final Path file = text("cut.jsonl.gz", new byte[] {0x1f, (byte) 0x8b});

        assertThatThrownBy(() -> detect(file, FileFormat.AUTO)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("gzip stream is truncated");
    }

    @Test
    void shouldNameTheFileWhenAGzipStreamEndsEarly() throws IOException {
        final Path whole = dir.resolve("whole.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
            for (int i = 0; i < 2_000; i++) {
                out.write(("{\"prompt\":\"p" + i + "\",\"chosen\":\"a\",\"rejected\":\"b\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        final byte[] bytes = Files.readAllBytes(whole);
        final Path cut = text("cut.jsonl.gz", Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> {
            try (ImportReader reader = FileImporter.openReader(cut, "cut.jsonl.gz", null, FileFormat.AUTO)) {
                while (reader.next() != null) {
                    // read to the cut
                }
            }
        }).isInstanceOf(IOException.class).hasMessageContaining(cut.toString())
                .hasMessageContaining("gzip stream is truncated");
    }

    @Test
    void shouldParseFormatNamesInAnyCase() {
        assertThat(FileFormat.parse("avro")).isEqualTo(FileFormat.AVRO);
        assertThat(FileFormat.parse("JSONL")).isEqualTo(FileFormat.JSONL);
        assertThat(FileFormat.parse("Auto")).isEqualTo(FileFormat.AUTO);
    }

    @Test
    void shouldRejectUnknownFormatNamingTheAcceptedOnes() {
        assertThatThrownBy(() -> FileFormat.parse("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'xml'").hasMessageContaining("auto, jsonl, avro");
    }
}
