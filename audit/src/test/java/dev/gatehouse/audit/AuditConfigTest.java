package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.audit.AuditLogOptions.Acknowledge;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.OperatorConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditConfigTest {

    static AuditConfig parse(String yaml) {
        return new OperatorConfigLoader(Path.of("."), List.of(AuditConfig.SECTION))
                .parse("gatehouse.yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .section(AuditConfig.SECTION);
    }

    @Test
    void withoutTheSectionACallWaitsForItsFsync() {
        assertThat(parse("plugins: {}\n")).isEqualTo(AuditConfig.defaults());
        assertThat(AuditConfig.defaults().acknowledge()).isEqualTo(Acknowledge.DURABLE);
        assertThat(AuditConfig.defaults().options()).isEqualTo(AuditLogOptions.defaults());
    }

    @Test
    void writtenWithItsIntervalReachesTheLogsOptions() {
        var config = parse("""
                audit:
                  acknowledge: written
                  sync_interval: 50ms
                """);
        assertThat(config.acknowledge()).isEqualTo(Acknowledge.WRITTEN);
        assertThat(config.options().acknowledge()).isEqualTo(Acknowledge.WRITTEN);
        assertThat(config.options().syncInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void witnessesAreFilesOrUrlsAndNothingElse() {
        var config = parse("""
                audit:
                  witnesses:
                    - file: /mnt/witness/checkpoints.jsonl
                    - url: https://witness.example.org/gatehouse
                """);
        assertThat(config.witnesses())
                .containsExactly(
                        new AuditConfig.Witness.File(java.nio.file.Path.of("/mnt/witness/checkpoints.jsonl")),
                        new AuditConfig.Witness.Url(java.net.URI.create("https://witness.example.org/gatehouse")));
        assertThat(config.witnessFiles()).containsExactly(java.nio.file.Path.of("/mnt/witness/checkpoints.jsonl"));
        assertThatThrownBy(() -> parse("audit:\n  witnesses:\n    - file: relative/w.jsonl\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> parse("audit:\n  witnesses:\n    - url: ftp://x.example.org/\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> parse("audit:\n  witnesses:\n    - {file: /a, url: https://b.example.org/}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("either");
    }

    @Test
    void badValuesAreNamedWithTheirLineAndUnknownKeysRefused() {
        assertThatThrownBy(() -> parse("audit:\n  acknowledge: never\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("acknowledge must be durable or written")
                .hasMessageContaining("2:");
        assertThatThrownBy(() -> parse("audit:\n  acknowledge: written\n  sync_interval: 5s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sync_interval must be between 1ms and 1s");
        assertThatThrownBy(() -> parse("audit:\n  fsync: false\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fsync");
    }
}
