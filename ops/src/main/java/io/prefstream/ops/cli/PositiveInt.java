package io.prefstream.ops.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts an option value to an int greater than zero; anything else is a command-line error. */
final class PositiveInt implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (parsed <= 0) {
            throw new TypeConversionException("must be positive, got " + parsed);
        }
        return parsed;
    }
}
