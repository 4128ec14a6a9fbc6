package io.prefstream.ingest.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import io.prefstream.ingest.format.RejectReason;
import io.prefstream.ingest.kafka.RawHeaders;
import io.prefstream.ingest.topology.DeadLetters;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.DeadLetter;

/**
 * Sends each line of a JSONL file (plain or gzip) to the raw topic, keyed by
 * {@code <file name>:<line>}, with the idempotent producer. Blank lines are skipped and counted;
 * a line larger than the record limit cannot travel through Kafka, so it is dead-lettered here
 * with its size and a short excerpt. Validation proper happens in the ingest topology.
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
     * @param maxRecordBytes lines above this size are dead-lettered as RECORD_TOO_LARGE
     */
    public FileImporter(KafkaSettings kafka, IngestTopics topics, int maxRecordBytes) {
        this.kafka = kafka;
        this.topics = topics;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Imports one file and returns once Kafka has acknowledged every record.
     *
     * @param file the input file
     * @param source the source name; defaults to the file name when null
     */
    public ImportSummary importFile(Path file, String source) throws IOException {
        String sourceName = source != null ? source : file.getFileName().toString();
        long total = Files.size(file);
        long started = System.nanoTime();
        long blank = 0;
        long sent = 0;
        long tooLarge = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (LineSource lines = LineSource.open(file);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(),
                        new StringSerializer(), new ByteArraySerializer())) {
            // Every line of a file goes to one partition, so the stream sees the file in order and
            // the first occurrence of a repeated pair is the one kept.
            Integer partition = Math.floorMod(sourceName.hashCode(), producer.partitionsFor(topics.raw()).size());
            Future<RecordMetadata> last = null;
            for (byte[] line = lines.next(); line != null; line = lines.next()) {
                String recordRef = sourceName + ":" + lines.lineNumber();
                if (LineSource.isBlank(line)) {
                    blank++;
                    continue;
                }
                ProducerRecord<String, byte[]> record = line.length > maxRecordBytes
                        ? tooLargeLetter(recordRef, line)
                        : new ProducerRecord<>(topics.raw(), partition, recordRef, line);
                if (line.length > maxRecordBytes) {
                    tooLarge++;
                } else {
                    sent++;
                }
                record.headers().add(RawHeaders.SOURCE, sourceName.getBytes(StandardCharsets.UTF_8));
                last = producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if (lines.lineNumber() % PROGRESS_EVERY == 0) {
                    LOG.info("import {}: {} lines read ({} bytes of file)", sourceName, lines.lineNumber(), total);
                }
            }
            producer.flush();
            awaitLast(last, sourceName);
            if (failure.get() != null) {
                throw new IOException("import " + sourceName + ": Kafka rejected a record", failure.get());
            }
            long lineCount = lines.lineNumber();
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.info("import {}: {} lines, {} sent, {} blank, {} too large, {} ms", sourceName, lineCount, sent, blank,
                    tooLarge, millis);
            return new ImportSummary(sourceName, lineCount, blank, sent, tooLarge, millis);
        }
    }

    private ProducerRecord<String, byte[]> tooLargeLetter(String recordRef, byte[] line) {
        ParseResult.Rejected rejected = new ParseResult.Rejected(RejectReason.RECORD_TOO_LARGE, null,
                String.format("%s: record is %,d bytes, above the limit of %,d bytes", recordRef, line.length,
                        maxRecordBytes));
        DeadLetter letter = DeadLetters.of(rejected, recordRef, line, null, -1, -1L, Instant.now());
        LOG.warn("import: {} is {} bytes, over the {} byte limit; dead-lettered", recordRef, line.length,
                maxRecordBytes);
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
