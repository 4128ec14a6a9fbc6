package io.prefstream.ops.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.importer.FileImporter;
import io.prefstream.ingest.importer.ImportSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prefstream import}: sends a JSONL file (plain or gzip) to the raw topic. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Send each line of a JSONL file (plain or .gz) to the raw topic for validation and dedup.")
final class ImportCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import.")
    Path file;

    @Option(names = "--source", paramLabel = "NAME", description = "Source name recorded on each record (default: the file name).")
    String source;

    @Override
    public Integer call() throws Exception {
        FileImporter importer = new FileImporter(kafka.existingCluster(), IngestTopics.defaults(),
                ParserConfig.defaults().maxRecordBytes());
        ImportSummary summary = importer.importFile(file, source);
        System.out.printf("imported %s: %d lines, %d sent, %d blank skipped, %d too large (dead-lettered), %d ms%n",
                summary.source(), summary.lines(), summary.sent(), summary.blank(), summary.tooLarge(),
                summary.millis());
        return ExitCodes.OK;
    }
}
