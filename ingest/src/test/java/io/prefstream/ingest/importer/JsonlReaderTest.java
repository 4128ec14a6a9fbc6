package io.prefstream.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Lines far longer than the record limit, as a small gzip bomb produces them. */
class JsonlReaderTest {

    private static final int KEEP_BYTES = 1_001;

    /** Far above the limit; kept whole it would show in the value's size (past 2 GiB, as an OutOfMemoryError). */
    private static final long ENDLESS_LINE_BYTES = 64L * 1024 * 1024;

    @Test
    void shouldCutAnEndlessLineAndReportItsWholeSize() throws IOException {
        // Set up: one 64 MiB line with no newline, generated on the fly, then a normal line; buffered as
        // ImportInput buffers a file.
        InputStream content = new BufferedInputStream(new SequenceInputStream(
                new RepeatedByte('x', ENDLESS_LINE_BYTES),
                new ByteArrayInputStream("\n{}\n".getBytes(StandardCharsets.UTF_8))), 1 << 16);

        try (JsonlReader reader = new JsonlReader(LineSource.over(content, KEEP_BYTES), "bomb.jsonl")) {
            // Act
            ImportRecord endless = reader.next();
            ImportRecord next = reader.next();

            // Verify: the line is kept only up to the limit, its size is the whole line, and reading goes on.
            assertThat(endless.value()).hasSize(KEEP_BYTES);
            assertThat(endless.size()).isEqualTo(ENDLESS_LINE_BYTES);
            assertThat(next.ref()).isEqualTo("bomb.jsonl:2");
            assertThat(next.size()).isEqualTo(2);
        }
    }

    @Test
    void shouldSkipALongBlankLineButNotOneWithTextAfterTheCut() throws IOException {
        String blank = " ".repeat(KEEP_BYTES * 3);
        String textAfterCut = " ".repeat(KEEP_BYTES * 3) + "{}";
        InputStream content = new ByteArrayInputStream((blank + "\n" + textAfterCut + "\n")
                .getBytes(StandardCharsets.UTF_8));

        try (JsonlReader reader = new JsonlReader(LineSource.over(content, KEEP_BYTES), "f")) {
            ImportRecord record = reader.next();

            assertThat(reader.blank()).isEqualTo(1);
            assertThat(record.ref()).isEqualTo("f:2");
            assertThat(record.size()).isEqualTo(textAfterCut.length());
        }
    }

    /** A stream of one byte repeated, without holding it in memory. */
    private static final class RepeatedByte extends InputStream {

        private final int value;
        private long left;

        RepeatedByte(final int value, final long count) {
            this.value = value;
            this.left = count;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) {
            if (left == 0) {
                return -1;
            }
            int count = (int) Math.min(length, left);
            Arrays.fill(buffer, offset, offset + count, (byte) value);
            left -= count;
            return count;
        }
    }
}
