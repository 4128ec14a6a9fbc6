package io.prefstream.ingest.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a fault-case file from the test classpath and splits it into physical lines at the byte level. */
final class CaseFile {

    /** One physical line: its 1-based number and its bytes without the terminating LF. */
    record Line(int number, byte[] bytes) {

        /** Returns whether the line holds only spaces, tabs or CR. */
        boolean blank() {
            for (final byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CaseFile() {
    }

    /** Returns a top-level string field of a JSON line, as the file wrote it. */
    static String jsonText(final byte[] line, final String field) {
        try {
            return MAPPER.readTree(line).get(field).textValue();
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON", e);
        }
    }

    /** Returns the lines of {@code /cases/<name>}. */
    static List<Line> read(final String name) {
        return split(resource(name));
    }

    /** Returns the raw bytes of {@code /cases/<name>}. */
    static byte[] resource(final String name) {
        try (InputStream in = CaseFile.class.getResourceAsStream("/cases/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /cases/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /cases/" + name, e);
        }
    }

    /** Splits at each LF byte; a final LF ends the last line rather than starting an empty one. */
    static List<Line> split(final byte[] content) {
        final List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lines.add(new Line(lines.size() + 1, Arrays.copyOfRange(content, start, i)));
                start = i + 1;
            }
        }
        if (start < content.length) {
            lines.add(new Line(lines.size() + 1, Arrays.copyOfRange(content, start, content.length)));
        }
        return lines;
    }
}
