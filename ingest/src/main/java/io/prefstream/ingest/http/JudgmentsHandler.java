package io.prefstream.ingest.http;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;

import io.prefstream.ingest.metrics.CollectorMeters;

/**
 * Serves {@code POST /v1/judgments}: authenticate, check that the body is declared as UTF-8 JSON, read it within
 * its limit, split it into items, take the items from the rate limit (or refuse the batch with 429 and
 * {@code Retry-After}), validate every item, and only when all pass produce them and wait for Kafka's
 * acknowledgements. All-or-nothing on validation, so a client can fix the items named in a 422 and resend the whole batch.
 *
 * <p>Deduplication happens downstream in the stream, so a repeat of an earlier judgment still gets a 200 here;
 * resending a batch after a 503 is therefore safe, even though part of it may have been written.
 */
final class JudgmentsHandler implements Handler {

    static final int OK = 200;
    static final int BAD_REQUEST = 400;
    static final int UNAUTHORIZED = 401;
    static final int UNPROCESSABLE = 422;
    static final int TOO_MANY_REQUESTS = 429;
    static final int UNAVAILABLE = 503;

    /** Request header and reply header carrying the batch id that the server log uses. */
    static final String BATCH_ID_HEADER = "X-Batch-Id";

    private static final Logger LOG = LoggerFactory.getLogger(JudgmentsHandler.class);
    private static final String CHALLENGE = "Bearer realm=\"prefstream\"";

    private final BearerAuth auth;
    private final BodyReader reader;
    private final BatchSplitter splitter;
    private final JudgmentRateLimit rateLimit;
    private final BatchValidator validator;
    private final RawPublisher publisher;
    private final Replies replies;
    private final CollectorMeters meters;

    JudgmentsHandler(final BearerAuth auth, final BodyReader reader, final BatchSplitter splitter,
            final JudgmentRateLimit rateLimit, final BatchValidator validator, final RawPublisher publisher,
            final Replies replies, final CollectorMeters meters) {
        this.auth = auth;
        this.reader = reader;
        this.splitter = splitter;
        this.rateLimit = rateLimit;
        this.validator = validator;
        this.publisher = publisher;
        this.replies = replies;
        this.meters = meters;
    }

    @Override
    public void handle(final Context ctx) {
        final long started = System.nanoTime();
        if (!authorised(ctx)) {
            meters.answered(ctx.statusCode(), 0, Duration.ofNanos(System.nanoTime() - started));
            return;
        }
        final String batchId = UUID.randomUUID().toString();
        final long receivedAtMillis = System.currentTimeMillis();
        ctx.header(BATCH_ID_HEADER, batchId);
        int items = 0;
        int status;
        try {
            JsonMediaType.require(ctx.header(Header.CONTENT_TYPE), ctx.header(Header.CONTENT_ENCODING));
            final List<byte[]> batch = splitter.split(
                    reader.read(ctx.req().getContentLengthLong(), ctx.bodyInputStream()));
            items = batch.size();
            admit(ctx, items);
            status = process(ctx, batchId, batch, receivedAtMillis);
        } catch (RequestFailure failure) {
            LOG.debug("batch {}: refused as {}: {}", batchId, failure.code(), failure.getMessage());
            status = failure.status();
            replies.error(ctx, status, failure.code(), failure.getMessage());
        }
        final Duration took = Duration.ofNanos(System.nanoTime() - started);
        meters.answered(status, status == OK ? items : 0, took);
        LOG.info("batch {}: {} items, status {}, {} ms", batchId, items, status, took.toMillis());
    }

    private boolean authorised(final Context ctx) {
        if (Collections.list(ctx.req().getHeaders(Header.AUTHORIZATION)).size() > 1) {
            // Which of several credentials counts would be up to each proxy on the way; take none.
            LOG.warn("refused request from {}: more than one Authorization header", ctx.ip());
            replies.error(ctx, BAD_REQUEST, "duplicate_authorization", "send exactly one Authorization header");
            return false;
        }
        final BearerAuth.Verdict verdict = auth.check(ctx.header(Header.AUTHORIZATION));
        if (verdict == BearerAuth.Verdict.ACCEPTED) {
            return true;
        }
        final boolean missing = verdict == BearerAuth.Verdict.MISSING;
        LOG.warn("refused request from {}: {} bearer token", ctx.ip(), missing ? "no" : "wrong");
        ctx.header(Header.WWW_AUTHENTICATE, missing ? CHALLENGE : CHALLENGE + ", error=\"invalid_token\"");
        replies.error(ctx, UNAUTHORIZED, "unauthorized", missing
                ? "send the collector token as 'Authorization: Bearer <token>'"
                : "the bearer token is not valid");
        return false;
    }

    /** Takes the batch's items from the rate limit, or refuses it with the seconds to wait in {@code Retry-After}. */
    private void admit(final Context ctx, final int items) {
        final Duration wait = rateLimit.admit(items);
        if (wait.isZero()) {
            return;
        }
        // Whole seconds, rounded up: a client that waits that long finds the tokens there.
        final long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ctx.header(Header.RETRY_AFTER, Long.toString(seconds));
        throw new RequestFailure(TOO_MANY_REQUESTS, "rate_limited", String.format(
                "the collector takes at most %d judgments per second; nothing was written, resend the batch of %d "
                        + "in %d s", rateLimit.perSecond(), items, seconds));
    }

    /** Validates the batch, then produces it; returns the status sent. */
    private int process(final Context ctx, final String batchId, final List<byte[]> batch,
            final long receivedAtMillis) {
        final BatchValidator.Outcome outcome = validator.validate(batch);
        if (!outcome.rejected().isEmpty()) {
            for (final ItemRejection rejection : outcome.rejected()) {
                LOG.debug("batch {}: item {} rejected: {} {}", batchId, rejection.index(), rejection.reason(),
                        rejection.field());
            }
            replies.send(ctx, UNPROCESSABLE, new Replies.RejectedBody("invalid_items", String.format(
                    "%d of %d items failed validation; nothing was written, fix them and resend the batch",
                    outcome.rejected().size(), batch.size()), outcome.rejected()));
            return UNPROCESSABLE;
        }
        try {
            publisher.publish(outcome.valid(), receivedAtMillis);
        } catch (PublishFailure e) {
            LOG.warn("batch {}: Kafka did not acknowledge all {} items; replying 503", batchId, batch.size(), e);
            replies.error(ctx, UNAVAILABLE, "kafka_unavailable", "the batch could not be stored right now; part of "
                    + "it may have been written, resending the whole batch is safe as repeats are deduplicated");
            return UNAVAILABLE;
        }
        replies.send(ctx, OK, new Replies.AcceptedBody(outcome.valid().size(), outcome.valid().stream()
                .map(item -> new Replies.AcceptedItem(item.index(), item.recordRef(), item.contentKey()))
                .toList()));
        return OK;
    }
}
