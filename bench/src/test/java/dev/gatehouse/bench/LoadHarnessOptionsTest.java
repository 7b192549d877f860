package dev.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LoadHarnessOptionsTest {

    @Test
    void withoutOptionsTheDefaultsAreTheOnesTheUsageNames() {
        var options = LoadHarness.Options.parse(new String[0]);

        assertThat(options.clients()).containsExactly(8);
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.measure()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.maxRequests()).isEqualTo(2_000_000);
        assertThat(options.audit()).containsExactly(AuditMode.MEMORY, AuditMode.LOG);
        assertThat(options.rounds()).isEqualTo(1);
        assertThat(LoadHarness.USAGE).contains("(8)", "(5)", "(15)", "(2000000)", "(memory,log)", "(1)");
    }

    @Test
    void everyOptionTheUsageListsIsOneTheParserTakes() {
        var samples = Map.of(
                "--clients", "1,8",
                "--warmup", "0",
                "--duration", "3",
                "--max-requests", "1000",
                "--audit", "written",
                "--rounds", "2");
        var listed = Pattern.compile("(?m)^\\s+(--[a-z-]+)")
                .matcher(LoadHarness.USAGE)
                .results()
                .map(m -> m.group(1))
                .filter(option -> !option.equals("--help"))
                .toList();

        assertThat(listed).containsExactlyInAnyOrderElementsOf(samples.keySet());
        for (var option : listed) {
            var parsed = LoadHarness.Options.parse(new String[] {option, samples.get(option)});
            assertThat(parsed).as(option).isNotEqualTo(LoadHarness.Options.parse(new String[0]));
        }
    }

    @Test
    void badInputIsRefusedWithTheOptionNamed() {
        assertThat(List.of(
                        List.of("--verbose", "1"),
                        List.of("--rounds", "11"),
                        List.of("--clients", "0"),
                        List.of("--clients", "1,2,3,4,5,6,7"),
                        List.of("--audit", "disk"),
                        List.of("--warmup", "601"),
                        List.of("--duration", "soon")))
                .allSatisfy(args -> assertThatThrownBy(() -> LoadHarness.Options.parse(args.toArray(String[]::new)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageFindingMatch("--verbose|--rounds|clients|--audit|--warmup|--duration"));
    }
}
