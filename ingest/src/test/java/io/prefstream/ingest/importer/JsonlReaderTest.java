package io.prefstream.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Lines far longer than the record limit, as a small gzip bomb produces them; blank lines, a byte order mark
 * among them; and a last line without a line break.
 */
class JsonlReaderTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

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

        try (JsonlReader reader = new JsonlReader(LineSource.over(content, KEEP_BYTES), "bomb.jsonl", "bomb.jsonl")) {
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

        try (JsonlReader reader = new JsonlReader(LineSource.over(content, KEEP_BYTES), "f", "f")) {
            ImportRecord record = reader.next();

            assertThat(reader.blank()).isEqualTo(1);
            assertThat(record.ref()).isEqualTo("f:2");
            assertThat(record.size()).isEqualTo(textAfterCut.length());
        }
    }

    @Test
    void shouldSkipAFileHoldingOnlyAByteOrderMarkAsOneBlankLine() throws IOException {
        try (JsonlReader reader = reader(BOM)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.read()).isEqualTo(1);
            assertThat(reader.blank()).isEqualTo(1);
        }
    }

    @Test
    void shouldSkipAByteOrderMarkFollowedOnlyByWhitespaceButSendOneBeforeJson() throws IOException {
        byte[] bomAndSpaces = concat(BOM, " \t\r\n".getBytes(StandardCharsets.UTF_8));
        byte[] bomAndJson = concat(BOM, "{}\n".getBytes(StandardCharsets.UTF_8));

        try (JsonlReader reader = reader(concat(bomAndSpaces, bomAndJson))) {
            ImportRecord record = reader.next();

            assertThat(reader.blank()).isEqualTo(1);
            assertThat(record.ref()).isEqualTo("f:2");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void shouldSendALastLineWithoutLineBreakAndWarnNamingTheFileAndLine() throws IOException {
        List<ILoggingEvent> warnings = captureWarnings(() -> {
            try (JsonlReader reader = reader("{}\n{\"prompt\": \"half".getBytes(StandardCharsets.UTF_8))) {
                assertThat(reader.next().ref()).isEqualTo("f:1");
                ImportRecord last = reader.next();

                assertThat(last.ref()).isEqualTo("f:2");
                assertThat(last.value()).asString(StandardCharsets.UTF_8).isEqualTo("{\"prompt\": \"half");
                assertThat(reader.next()).isNull();
            }
        });

        assertThat(warnings).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("last line 2 of dir/file.jsonl has no line break")
                    .contains("still being written");
        });
    }

    @Test
    void shouldNotWarnWhenTheLastLineEndsWithALineBreakOrIsBlank() throws IOException {
        List<ILoggingEvent> warnings = captureWarnings(() -> {
            for (String content : List.of("{}\n", "{}\n  ")) {
                try (JsonlReader reader = reader(content.getBytes(StandardCharsets.UTF_8))) {
                    assertThat(reader.next()).isNotNull();
                    assertThat(reader.next()).isNull();
                }
            }
        });

        assertThat(warnings).isEmpty();
    }

    private static JsonlReader reader(byte[] content) {
        return new JsonlReader(LineSource.over(new ByteArrayInputStream(content), KEEP_BYTES), "dir/file.jsonl",
                "f");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Runs the action and returns the warnings the reader logged meanwhile. */
    private static List<ILoggingEvent> captureWarnings(IoAction action) throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(JsonlReader.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    /** An action that may fail with an I/O error. */
    private interface IoAction {
        void run() throws IOException;
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
