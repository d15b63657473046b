package dev.keel.cli;

import dev.keel.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Durations on the command line, written as in keel.yaml: {@code 30s}, {@code 500ms}, {@code 2m}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = Durations.parse(value).orElseThrow(() ->
                new CommandLine.TypeConversionException("'" + value + "' is not " + Durations.EXPECTED));
        if (d.isNegative() || d.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be positive");
        }
        return d;
    }
}
