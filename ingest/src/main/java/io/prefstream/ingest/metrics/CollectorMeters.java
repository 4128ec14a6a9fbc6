package io.prefstream.ingest.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Counts what the HTTP collection endpoint answered: {@value IngestMeters#COLLECTOR_REQUESTS} and
 * {@value IngestMeters#COLLECTOR_REQUEST_DURATION} tagged {@code outcome} (one of {@link Outcome}, registered up
 * front so the tag set stays bounded and every series exists at zero), and {@value IngestMeters#COLLECTOR_JUDGMENTS},
 * the judgments written to the raw topic. Thread-safe; the durations reach the registry once bound.
 */
public final class CollectorMeters implements MeterBinder {

    /** What became of a request, by the status it got. */
    public enum Outcome {
        /** 200: every item written. */
        ACCEPTED,
        /** 422: an item failed validation; nothing written. */
        INVALID,
        /** 429: over the rate limit; nothing written. */
        RATE_LIMITED,
        /** 401: no token or a wrong one. */
        UNAUTHORIZED,
        /** Any other 4xx: not JSON, too large, too slow, wrong media type, unknown path or method. */
        REFUSED,
        /** 503 or 500: Kafka did not acknowledge, or the server failed. */
        FAILED;

        /** Returns the outcome of an HTTP status. */
        public static Outcome of(final int status) {
            return switch (status) {
                case 200 -> ACCEPTED;
                case 422 -> INVALID;
                case 429 -> RATE_LIMITED;
                case 401 -> UNAUTHORIZED;
                default -> status >= 400 && status < 500 ? REFUSED : FAILED;
            };
        }

        /** Returns the tag value: the name in lower case. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, LongAdder> requests = new EnumMap<>(Outcome.class);
    private final LongAdder judgments = new LongAdder();
    // Replaced whole when bound, so a request racing the binding sees either no timers or all of them.
    private volatile Map<Outcome, Timer> durations = Map.of();

    /** Creates the counters, all at zero. */
    public CollectorMeters() {
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, new LongAdder());
        }
    }

    /**
     * Counts one request answered before the handler could time it (Jetty refusing a body as it arrives).
     *
     * @param status the HTTP status sent
     */
    public void refusedWhileReading(final int status) {
        requests.get(Outcome.of(status)).increment();
    }

    /**
     * Counts one answered request.
     *
     * @param status the HTTP status sent
     * @param written judgments written to the raw topic (0 unless the status is 200)
     * @param duration time from the request's arrival to the answer
     */
    public void answered(final int status, final int written, final Duration duration) {
        final Outcome outcome = Outcome.of(status);
        requests.get(outcome).increment();
        judgments.add(written);
        final Timer timer = durations.get(outcome);
        if (timer != null) {
            timer.record(duration);
        }
    }

    @Override
    public void bindTo(final MeterRegistry registry) {
        final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            FunctionCounter.builder(IngestMeters.COLLECTOR_REQUESTS, requests.get(outcome), LongAdder::doubleValue)
                    .description("Requests to the HTTP collection endpoint, by outcome")
                    .baseUnit("requests")
                    .tag(IngestMeters.OUTCOME, outcome.tag())
                    .register(registry);
            timers.put(outcome, Timer.builder(IngestMeters.COLLECTOR_REQUEST_DURATION)
                    .description("Time to answer a request to the HTTP collection endpoint, by outcome")
                    .tag(IngestMeters.OUTCOME, outcome.tag())
                    .register(registry));
        }
        durations = timers;
        FunctionCounter.builder(IngestMeters.COLLECTOR_JUDGMENTS, judgments, LongAdder::doubleValue)
                .description("Judgments the HTTP collection endpoint wrote to the raw topic")
                .baseUnit("judgments")
                .register(registry);
    }
}
