package dev.gatehouse.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** The duration syntax shared by every Gatehouse file: a positive whole number and a unit. */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("([1-9][0-9]{0,8})(ms|s|m|h)");

    private Durations() {}

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}.
     *
     * @return the duration, or empty when the text is not a positive duration in that syntax
     */
    public static Optional<Duration> parse(String text) {
        var m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
    }

    /** The shortest text {@link #parse} reads back as the same duration. */
    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
