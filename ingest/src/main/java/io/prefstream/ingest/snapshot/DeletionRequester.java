package io.prefstream.ingest.snapshot;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.app.KafkaSettings;
import io.prefstream.ingest.kafka.AcknowledgedSend;
import io.prefstream.schemas.serde.AvroSerdes;
import io.prefstream.schemas.v1.DeletionRequest;

/** Sends deletion requests; the next snapshot leaves the named records out and counts them. */
public final class DeletionRequester {

    private static final Logger LOG = LoggerFactory.getLogger(DeletionRequester.class);

    private final KafkaSettings kafka;
    private final IngestTopics topics;

    /** Creates a requester for the cluster and topics. */
    public DeletionRequester(KafkaSettings kafka, IngestTopics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    /**
     * Sends one request and waits for Kafka's acknowledgement.
     *
     * @param recordId a record id to delete, or null
     * @param annotatorId an annotator whose records to delete, or null
     * @param reason audit text, or null
     * @return the request id
     */
    public String request(String recordId, String annotatorId, String reason) {
        if (recordId == null && annotatorId == null) {
            throw new IllegalArgumentException("a deletion request needs a record id or an annotator id");
        }
        String requestId = UUID.randomUUID().toString();
        DeletionRequest request = DeletionRequest.newBuilder().setRequestId(requestId).setRecordId(recordId)
                .setAnnotatorId(annotatorId).setReason(reason).setRequestedAt(Instant.now()).build();
        try {
            AcknowledgedSend.send(kafka, topics.deletions(), requestId, AvroSerdes.deletionRequest().encode(request));
            LOG.info("deletion request {} sent (by {})", requestId, recordId != null ? "record id" : "annotator id");
            return requestId;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send deletion request " + requestId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending deletion request " + requestId, e);
        }
    }
}
