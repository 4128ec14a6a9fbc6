package io.prefstream.ops.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.importer.FileFormat;
import io.prefstream.ingest.importer.FileImporter;
import io.prefstream.ingest.importer.ImportSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prefstream import}: sends a JSONL file or an Avro data file (plain or gzip) to the raw topic. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Send each judgment of a JSONL file, or each record of an Avro data file of PreferenceRecord"
                + " (such as a snapshot's records.avro), plain or .gz, to the raw topic for validation and dedup.")
final class ImportCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RecordSizeOption recordSize;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import.")
    Path file;

    @Option(names = "--source", paramLabel = "NAME", description = "Source name recorded on each record (default:"
            + " the file name for JSONL; for Avro, each record's own source).")
    String source;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = FileFormatConverter.class,
            description = "auto, jsonl or avro (default: ${DEFAULT-VALUE}: avro when the content, after gunzip,"
                    + " starts with the Avro magic bytes, Obj and 0x01; else jsonl).")
    FileFormat format = FileFormat.AUTO;

    @Override
    public Integer call() throws Exception {
        InputFile.requireReadable(file, "input file", "");
        FileImporter importer = new FileImporter(kafka.existingCluster(), IngestTopics.defaults(),
                recordSize.maxRecordBytes);
        ImportSummary summary = importer.importFile(file, source, format);
        System.out.printf("imported %s (%s): %d %s, %d sent, %d blank skipped, %d too large and %d refused"
                + " (dead-lettered), %d ms%n", summary.source(), summary.format().name().toLowerCase(Locale.ROOT),
                summary.lines(), summary.format() == FileFormat.AVRO ? "records" : "lines", summary.sent(),
                summary.blank(), summary.tooLarge(), summary.refused(), summary.millis());
        return ExitCodes.OK;
    }

    /** Reads {@code --format} in any case. */
    static final class FileFormatConverter implements CommandLine.ITypeConverter<FileFormat> {

        @Override
        public FileFormat convert(String value) {
            return FileFormat.parse(value);
        }
    }
}
