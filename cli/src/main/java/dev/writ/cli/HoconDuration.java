package dev.writ.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line written as in the node's configuration: {@code 24h}, {@code 30m}, {@code 365d}. */
final class HoconDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            Duration d = ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(value)).getDuration("d");
            if (d.isNegative() || d.isZero()) {
                throw new TypeConversionException("a duration must be positive: " + value);
            }
            return d;
        } catch (ConfigException e) {
            throw new TypeConversionException("not a duration (e.g. 24h, 30m, 365d): " + value);
        }
    }
}
