package io.prefstream.ingest.snapshot;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.prefstream.ingest.kafka.TopicScan;
import io.prefstream.schemas.serde.AvroSerde;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.DeletionRequest;

/**
 * The deletion requests read up to a snapshot's offsets: record ids and annotator ids whose
 * records no snapshot may contain any more.
 */
final class Deletions {

    private final Set<String> recordIds;
    private final Set<String> annotatorIds;

    private Deletions(Set<String> recordIds, Set<String> annotatorIds) {
        this.recordIds = recordIds;
        this.annotatorIds = annotatorIds;
    }

    /** Reads every request on the topic below the end offsets. */
    static Deletions read(TopicScan scan, String topic, Map<Integer, Long> ends) {
        AvroSerde<DeletionRequest> serde = AvroSerdes.deletionRequest();
        Set<String> records = new HashSet<>();
        Set<String> annotators = new HashSet<>();
        scan.scan(topic, ends, r -> {
            DeletionRequest request = serde.decode(topic, r.value());
            if (request.getRecordId() != null) {
                records.add(request.getRecordId());
            }
            if (request.getAnnotatorId() != null) {
                annotators.add(request.getAnnotatorId());
            }
        });
        return new Deletions(records, annotators);
    }

    /**
     * Returns deletions that cover the given ids.
     *
     * @param recordIds record ids whose records are deleted
     * @param annotatorIds annotator ids whose records are deleted
     */
    static Deletions of(Set<String> recordIds, Set<String> annotatorIds) {
        return new Deletions(Set.copyOf(recordIds), Set.copyOf(annotatorIds));
    }

    /**
     * Returns whether a request covers a record with the given ids.
     *
     * @param recordId the record's id
     * @param annotatorId the record's annotator id, or null when it names none
     */
    boolean covers(String recordId, String annotatorId) {
        return recordIds.contains(recordId) || (annotatorId != null && annotatorIds.contains(annotatorId));
    }
}
