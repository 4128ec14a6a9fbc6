package io.prefstream.ingest.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.format.ParseResult;
import io.prefstream.ingest.format.ParserConfig;
import io.prefstream.ingest.format.RejectReason;
import io.prefstream.ingest.topology.DeadLetters;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.DeadLetter;

/**
 * Sends each judgment of an import file to the raw topic with the idempotent producer: each line of a JSONL
 * file, keyed by {@code <file name>:<line>}, or each record of an Avro data file of {@code PreferenceRecord}
 * (such as a snapshot's {@code records.avro}), keyed by {@code <file name>#<n>}; plain or gzip, the format
 * detected from the content's first bytes unless forced. Blank lines (a byte order mark with only whitespace
 * after it included) are skipped and counted; a last line without a line break is sent, with a warning that the
 * file may still be being written. A record larger
 * than the record limit cannot travel through Kafka, so it is dead-lettered here with its size and a short
 * excerpt. Validation proper happens in the ingest topology.
 *
 * <p>Re-running an import is safe: the topology recognises every repeated pair as a duplicate.
 */
public final class FileImporter {

    private static final Logger LOG = LoggerFactory.getLogger(FileImporter.class);
    private static final int PROGRESS_EVERY = 50_000;

    private final KafkaSettings kafka;
    private final IngestTopics topics;
    private final int maxRecordBytes;

    /**
     * Creates an importer.
     *
     * @param kafka cluster connection
     * @param topics topic names
     * @param maxRecordBytes records above this size are dead-lettered as RECORD_TOO_LARGE
     */
    public FileImporter(KafkaSettings kafka, IngestTopics topics, int maxRecordBytes) {
        this.kafka = kafka;
        this.topics = topics;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Imports one file, detecting its format, and returns once Kafka has acknowledged every record.
     *
     * @param file the input file
     * @param source the source name; defaults to the file name when null
     */
    public ImportSummary importFile(Path file, String source) throws IOException {
        return importFile(file, source, FileFormat.AUTO);
    }

    /**
     * Imports one file and returns once Kafka has acknowledged every record.
     *
     * @param file the input file
     * @param source the source name stored in every record; when null, the file name for JSONL and each
     *        record's own source for Avro. Record references start with it (or the file name).
     * @param format the file's format, or {@link FileFormat#AUTO} (the default) to detect it
     * @throws IOException when the file cannot be read, an Avro file's schema is not that of a
     *         {@code PreferenceRecord}, or Kafka refuses a record; records read before an error in the middle
     *         of a file have been sent, and importing the file again after a fix counts them as duplicates
     */
    public ImportSummary importFile(Path file, String source, FileFormat format) throws IOException {
        String sourceName = source != null ? source : file.getFileName().toString();
        long total = Files.size(file);
        long started = System.nanoTime();
        long sent = 0;
        long tooLarge = 0;
        long refused = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (ImportReader reader = openReader(file, sourceName, source, format, maxRecordBytes);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(),
                        new StringSerializer(), new ByteArraySerializer())) {
            // Every record of a file goes to one partition, so the stream sees the file in order and
            // the first occurrence of a repeated pair is the one kept.
            Integer partition = Math.floorMod(sourceName.hashCode(), producer.partitionsFor(topics.raw()).size());
            Future<RecordMetadata> last = null;
            for (ImportRecord item = reader.next(); item != null; item = reader.next()) {
                ProducerRecord<String, byte[]> record;
                if (item.refusal() != null) {
                    refused++;
                    record = deadLetter(item.refusal(), item.ref(), item.value(), item.size());
                } else if (item.size() > maxRecordBytes) {
                    tooLarge++;
                    record = tooLargeLetter(item.ref(), item.value(), item.size());
                } else {
                    sent++;
                    record = item.toRaw(topics.raw(), partition);
                }
                last = producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if (reader.read() % PROGRESS_EVERY == 0) {
                    LOG.info("import {}: {} read ({} bytes of file)", sourceName, reader.read(), total);
                }
            }
            producer.flush();
            awaitLast(last, sourceName);
            if (failure.get() != null) {
                throw new IOException("import " + sourceName + ": Kafka rejected a record", failure.get());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.info("import {}: {} {}, {} sent, {} blank, {} too large, {} refused, {} ms", sourceName,
                    reader.read(), reader.format(), sent, reader.blank(), tooLarge, refused, millis);
            return new ImportSummary(sourceName, reader.format(), reader.read(), reader.blank(), sent, tooLarge,
                    refused, millis);
        }
    }

    /** Opens the reader for a file's detected or forced format, with the default record limit; for tests. */
    static ImportReader openReader(Path file, String sourceName, String sourceOverride, FileFormat format)
            throws IOException {
        return openReader(file, sourceName, sourceOverride, format, ParserConfig.DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * Opens the reader for a file's detected or forced format. A JSONL line keeps one byte more than the record
     * limit, enough to be found too large, so a line without end cannot fill the heap.
     */
    static ImportReader openReader(Path file, String sourceName, String sourceOverride, FileFormat format,
            int maxRecordBytes) throws IOException {
        ImportInput input = ImportInput.open(file, format);
        if (input.format() == FileFormat.AVRO) {
            return AvroReader.open(input.content(), file.toString(), sourceName, sourceOverride);
        }
        int keepBytes = maxRecordBytes == Integer.MAX_VALUE ? maxRecordBytes : maxRecordBytes + 1;
        return new JsonlReader(LineSource.over(input.content(), keepBytes), file.toString(), sourceName);
    }

    private ProducerRecord<String, byte[]> tooLargeLetter(String recordRef, byte[] value, long size) {
        ParseResult.Rejected rejected = new ParseResult.Rejected(RejectReason.RECORD_TOO_LARGE, null,
                String.format("%s: record is %,d bytes, above the limit of %,d bytes", recordRef, size,
                        maxRecordBytes));
        LOG.warn("import: {} is {} bytes, over the {} byte limit; dead-lettered", recordRef, size,
                maxRecordBytes);
        return deadLetter(rejected, recordRef, value, size);
    }

    private ProducerRecord<String, byte[]> deadLetter(ParseResult.Rejected rejected, String recordRef,
            byte[] original, long originalSize) {
        DeadLetter letter = DeadLetters.of(rejected, recordRef, original, originalSize, null, -1, -1L, Instant.now());
        LOG.debug("import: {} dead-lettered as {}", recordRef, rejected.reason());
        return new ProducerRecord<>(topics.deadLetter(), recordRef, AvroSerdes.deadLetter().encode(letter));
    }

    private java.util.Properties producerProperties() {
        return kafka.properties(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
    }

    private static void awaitLast(Future<RecordMetadata> last, String source) throws IOException {
        if (last == null) {
            return;
        }
        try {
            last.get();
        } catch (ExecutionException e) {
            throw new IOException("import " + source + ": Kafka rejected a record", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("import " + source + " interrupted", e);
        }
    }
}
