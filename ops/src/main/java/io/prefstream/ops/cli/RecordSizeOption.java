package io.prefstream.ops.cli;

import io.prefstream.ingest.format.ParserConfig;
import picocli.CommandLine.Option;

/**
 * The record size limit, for {@code import} (which dead-letters larger lines before they reach
 * Kafka) and, through {@link InputOptions}, for the commands that parse records.
 */
final class RecordSizeOption {

    @Option(names = "--max-record-bytes", paramLabel = "N", converter = OptionRanges.PositiveInt.class,
            defaultValue = "" + ParserConfig.DEFAULT_MAX_RECORD_BYTES,
            description = "Largest record accepted, in bytes; larger ones are dead-lettered as RECORD_TOO_LARGE"
                    + " (default: ${DEFAULT-VALUE}, which fits Kafka's default 1 MiB message limit; above it the"
                    + " cluster and the clients must allow larger messages). Give import and ingest the same"
                    + " value.")
    int maxRecordBytes = ParserConfig.DEFAULT_MAX_RECORD_BYTES;
}
