package io.prefstream.ingest.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;

/** Parses ISO-8601 times: with an offset or Z, or without one (taken as UTC), or a bare date (UTC midnight). */
final class TimestampParser {

    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart()
            .appendOffsetId()
            .optionalEnd()
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;

    private TimestampParser() {
    }

    /**
     * Returns the instant if it lies in years 1 to 9999; further out it cannot be stored as epoch
     * milliseconds on every path and is certainly not when a judgment was made.
     */
    static Instant inRange(final Instant instant, final String field) {
        final int year = instant.atZone(ZoneOffset.UTC).getYear();
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new RecordRejection(RejectReason.INVALID_VALUE, field, String.format(
                    "%s is in year %d, outside %d to %d", field, year, MIN_YEAR, MAX_YEAR));
        }
        return instant;
    }

    /**
     * Returns the rejection of an epoch-millisecond integer too large even for a long, said as out of range
     * rather than as a wrong type.
     */
    static RecordRejection outOfRange(final String field) {
        return new RecordRejection(RejectReason.INVALID_VALUE, field, String.format(
                "%s is an integer out of range, expected epoch milliseconds in years %d to %d",
                field, MIN_YEAR, MAX_YEAR));
    }

    /**
     * Returns the instant.
     *
     * @param field the field the text came from, for the rejection
     * @throws RecordRejection {@link RejectReason#INVALID_VALUE} when the text is not such a time
     */
    static Instant parse(final String text, final String field) {
        try {
            final TemporalAccessor parsed = ISO.parseBest(text, OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
            final Instant instant;
            if (parsed instanceof OffsetDateTime time) {
                instant = time.toInstant();
            } else if (parsed instanceof LocalDateTime time) {
                instant = time.toInstant(ZoneOffset.UTC);
            } else {
                instant = ((LocalDate) parsed).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return inRange(instant, field);
        } catch (DateTimeParseException e) {
            // The text is user data, so the detail gives only its length and where parsing stopped.
            throw new RecordRejection(RejectReason.INVALID_VALUE, field, String.format(
                    "%s (%d chars) is not an ISO-8601 time; parsing failed at char %d",
                    field, text.length(), e.getErrorIndex()));
        }
    }
}
