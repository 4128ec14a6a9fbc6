package io.prefstream.ops.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

import io.prefstream.ingest.http.CollectorConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that read an option's value and refuse it when it lies outside the option's range, so that
 * a bad number is a command-line error (exit 2, the option and the value named by picocli) found while the
 * command line is parsed, before any broker starts or any topic is created. Picocli reports a refusal as
 * {@code Invalid value for option '--NAME': MESSAGE}; each message here quotes the value given.
 */
public final class OptionRanges {

    private static final BigDecimal FRACTION_END = BigDecimal.ONE;

    private OptionRanges() {
    }

    /**
     * Returns a whole number from {@code min} to {@code max}, both included.
     *
     * @throws TypeConversionException when the value is not a whole number or lies outside the range
     */
    static long wholeNumber(String value, long min, long max) {
        BigInteger parsed;
        try {
            parsed = new BigInteger(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        boolean belowMin = parsed.compareTo(BigInteger.valueOf(min)) < 0;
        if (belowMin || parsed.compareTo(BigInteger.valueOf(max)) > 0) {
            // Below the least value, the type's own upper end would only distract.
            String range = belowMin && isTypeMaximum(max) ? "at least " + min : "from " + min + " to " + max;
            throw new TypeConversionException("'" + value + "' is out of range: it must be " + range);
        }
        return parsed.longValueExact();
    }

    private static boolean isTypeMaximum(long max) {
        return max == Short.MAX_VALUE || max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
    }

    /** A whole number of at least 1 (a size, a count, a limit). */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) wholeNumber(value, 1, Integer.MAX_VALUE);
        }
    }

    /** A whole number of at least 0, where the option's description says what 0 means. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) wholeNumber(value, 0, Integer.MAX_VALUE);
        }
    }

    /** A {@code short} of at least 1 (a replication factor). */
    static final class PositiveShort implements ITypeConverter<Short> {
        @Override
        public Short convert(String value) {
            return (short) wholeNumber(value, 1, Short.MAX_VALUE);
        }
    }

    /** A {@code long} of at least 1. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return wholeNumber(value, 1, Long.MAX_VALUE);
        }
    }

    /** A {@code long} of at least 0, where the option's description says what 0 means. */
    static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return wholeNumber(value, 0, Long.MAX_VALUE);
        }
    }

    /** A rate limit of the collection endpoint in judgments per second, 0 (off) to the largest it supports. */
    static final class JudgmentsPerSecond implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) wholeNumber(value, 0, CollectorConfig.MAX_JUDGMENTS_PER_SECOND);
        }
    }

    /** A TCP port to listen on, 0 to 65535; the option's description says what 0 means. */
    public static final class Port implements ITypeConverter<Integer> {

        /** The largest TCP port. */
        static final int MAX = 65_535;

        /** Reads a port. */
        @Override
        public Integer convert(String value) {
            return (int) wholeNumber(value, 0, MAX);
        }
    }

    /**
     * A fraction held out of a whole, from 0 included up to 1 excluded: a fraction of 1 would leave nothing on
     * the other side. NaN and infinities are refused.
     */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            BigDecimal parsed;
            try {
                // BigDecimal reads only finite decimal numbers, so NaN and Infinity fail here.
                parsed = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a decimal number");
            }
            if (parsed.signum() < 0 || parsed.compareTo(FRACTION_END) >= 0) {
                throw new TypeConversionException("'" + value + "' is out of range: it must be at least 0 and"
                        + " below 1");
            }
            return parsed.doubleValue();
        }
    }

    /**
     * A data directory: a path that is a directory, or nothing yet (the command creates it). A path that
     * names a file is refused, so that a command never reads an empty data directory, or fails part-way, where
     * the user meant another path.
     */
    static final class DataDirectory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path dir = Path.of(value);
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new TypeConversionException("'" + value + "' is not a directory (" + dir.toAbsolutePath()
                        + " is a file)");
            }
            return dir;
        }
    }
}
