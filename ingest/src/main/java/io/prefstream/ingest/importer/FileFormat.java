package io.prefstream.ingest.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Layout of an import file, plain or gzip; {@link #AUTO} decides by the first bytes of the content. */
public enum FileFormat {
    /** Avro when the content starts with the Avro data file magic {@code Obj} + 0x01, JSONL otherwise. */
    AUTO,
    /** One JSON judgment per line. */
    JSONL,
    /** An Avro object container file of {@code PreferenceRecord}, such as a snapshot's {@code records.avro}. */
    AVRO;

    /**
     * Returns the format with this name, in any case.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static FileFormat parse(final String name) {
        for (final FileFormat format : values()) {
            if (format.name().equalsIgnoreCase(name.strip())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown file format '" + name + "', expected one of "
                + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }
}
