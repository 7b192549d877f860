package dev.gatehouse.cli;

import dev.gatehouse.config.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** A duration typed on the command line: the shared syntax ({@link Durations}) plus whole days, e.g. {@code 7d}. */
final class DurationOption {

    private static final Pattern DAYS = Pattern.compile("([1-9][0-9]{0,4})d");

    private DurationOption() {}

    /** The duration, or empty when the text is in neither syntax. */
    static Optional<Duration> parse(String text) {
        var days = DAYS.matcher(text);
        return days.matches() ? Optional.of(Duration.ofDays(Long.parseLong(days.group(1)))) : Durations.parse(text);
    }
}
