package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void readsEachUnit() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).contains(Duration.ofHours(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0s", "-1s", "10", "1.5s", "1d", " 1s", "1s ", "01s", "1 s", "9999999999h"})
    void refusesAnythingButAPositiveWholeNumberAndAUnit(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void formatsBackToTheShortestForm() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    }
}
