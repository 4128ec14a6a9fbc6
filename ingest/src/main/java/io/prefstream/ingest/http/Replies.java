package io.prefstream.ingest.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.javalin.http.ContentType;
import io.javalin.http.Context;

/** Writes JSON replies; property names are snake_case ({@code record_ref}, {@code content_key}). */
final class Replies {

    private final ObjectMapper mapper = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Writes the body as JSON with the given status. */
    void send(final Context ctx, final int status, final Object body) {
        final byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a " + body.getClass().getSimpleName() + " reply", e);
        }
        ctx.status(status).contentType(ContentType.APPLICATION_JSON).result(json);
    }

    /** Writes an error reply. */
    void error(final Context ctx, final int status, final String code, final String message) {
        send(ctx, status, new ErrorBody(code, message));
    }

    /**
     * Body of every error reply.
     *
     * @param error   stable, machine-readable code such as {@code unauthorized} or {@code body_too_large}
     * @param message what went wrong, for a person; never contains record text or a stack trace
     */
    record ErrorBody(String error, String message) {
    }

    /**
     * Body of a 422 reply: every item that failed validation; nothing of the batch was produced.
     *
     * @param error    always {@code invalid_items}
     * @param message  summary with counts
     * @param rejected one entry per failed item, in batch order
     */
    record RejectedBody(String error, String message, List<ItemRejection> rejected) {
    }

    /**
     * Body of a 200 reply.
     *
     * @param accepted how many items Kafka acknowledged (all of the batch)
     * @param items    one entry per item, in batch order
     */
    record AcceptedBody(int accepted, List<AcceptedItem> items) {
    }

    /**
     * One acknowledged item.
     *
     * @param index      position in the batch, from 0
     * @param recordRef  key of the raw message
     * @param contentKey content key; a repeat of an earlier judgment gets the same key and is dropped downstream
     */
    record AcceptedItem(int index, String recordRef, String contentKey) {
    }

    /**
     * Body of the health reply.
     *
     * @param status {@code ok}, or {@code unavailable} when the health check found a problem
     * @param problem what is wrong; null (left out of the reply) when nothing is
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HealthBody(String status, String problem) {
    }
}
