package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.trust.TrustLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorConfigLoaderTest {

    @TempDir
    Path home;

    OperatorConfig load(String yaml) throws IOException {
        Files.writeString(home.resolve("gatehouse.yaml"), yaml);
        return new OperatorConfigLoader(home).load();
    }

    List<String> problems(String yaml) throws IOException {
        Files.writeString(home.resolve("gatehouse.yaml"), yaml);
        try {
            new OperatorConfigLoader(home).load();
        } catch (ConfigException e) {
            return e.problems().stream()
                    .map(p -> p.line() + ":" + p.column() + ": " + p.message())
                    .toList();
        }
        throw new AssertionError("expected problems");
    }

    @Test
    void absentFileGivesTheDefaults() {
        assertThat(new OperatorConfigLoader(home).load()).isEqualTo(OperatorConfig.defaults());
    }

    @Test
    void emptyPluginsSectionGivesTheDefaults() throws IOException {
        var config = load("plugins: {}\n");
        assertThat(config.plugins()).isEqualTo(OperatorConfig.defaults().plugins());
        assertThat(config.sections()).isEqualTo(OperatorConfig.defaults().sections());
    }

    @Test
    void readsTheWholePluginsSection() throws IOException {
        var config = load("""
                plugins:
                  require_signed: true
                  minimum_trust_level: community
                  allowlist:
                    - {name: crm, package: acme-crm, publisher: acme}
                  max_limits: {memory_mb: 1024, timeout: 5m}
                  default_limits: {memory_mb: 128, timeout: 500ms, cpu_seconds: 5, max_output_kb: 64, processes: 2}
                """);
        var p = config.plugins();
        assertThat(p.requireSigned()).isTrue();
        assertThat(p.minimumTrustLevel()).isEqualTo(TrustLevel.COMMUNITY);
        assertThat(p.allowed("crm")).contains(new PluginPolicy.AllowedPlugin("crm", "acme-crm", "acme"));
        assertThat(p.maxima())
                .isEqualTo(new PluginLimits(
                        1024,
                        Duration.ofMinutes(5),
                        PluginLimits.DEFAULT_MAXIMA.cpuSeconds(),
                        PluginLimits.DEFAULT_MAXIMA.maxOutputKb(),
                        PluginLimits.DEFAULT_MAXIMA.processes()));
        assertThat(p.defaults()).isEqualTo(new PluginLimits(128, Duration.ofMillis(500), 5, 64, 2));
    }

    @Test
    void unknownTopLevelKeyIsRefusedWithASuggestion() throws IOException {
        assertThat(problems("plugin: {}\n")).containsExactly("1:1: unknown key 'plugin' (did you mean 'plugins'?)");
    }

    @Test
    void everyProblemInThePluginsSectionIsReportedAtOnce() throws IOException {
        assertThat(problems("""
                        plugins:
                          require_signed: yes
                          minimum_trust_level: trusted
                          allowlist:
                            - {name: crm, package: acme-crm}
                          max_limits: {memory_mb: 0, timeout: forever}
                        """))
                .containsExactly(
                        "2:19: expected true or false, found a string",
                        "3:24: minimum_trust_level must be unknown, community or official, found 'trusted'",
                        "5:7: missing required key 'publisher'",
                        "6:27: memory_mb must be positive",
                        "6:39: expected a positive duration such as 500ms, 30s, 5m or 1h, found 'forever'");
    }

    @Test
    void defaultsAboveTheMaximaAreRefused() throws IOException {
        assertThat(problems("""
                        plugins:
                          max_limits: {memory_mb: 100, timeout: 10s}
                          default_limits: {timeout: 1m}
                        """))
                .containsExactly(
                        "2:27: default memory_mb 256 exceeds the maximum 100",
                        "3:29: default timeout 1m exceeds the maximum 10s");
    }

    @Test
    void duplicateAllowlistNamesAreRefused() throws IOException {
        assertThat(problems("""
                        plugins:
                          allowlist:
                            - {name: crm, package: a, publisher: p}
                            - {name: crm, package: b, publisher: q}
                        """)).containsExactly("4:7: plugin 'crm' is already in the allowlist");
    }

    @Test
    void oversizeFileIsRefused() {
        var big = ("# " + "x".repeat(1000) + "\n").repeat(1100).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OperatorConfigLoader.read("gatehouse.yaml", big))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the limit is " + OperatorConfigLoader.MAX_BYTES);
    }

    @Test
    void eachSectionHasADigestOfItsMeaningNotItsLayout() throws IOException {
        var block = load("plugins:\n  require_signed: true\n  max_limits:\n    memory_mb: 1024\n    timeout: 5m\n");
        var flow = load(
                "# a comment\nplugins: {max_limits: {timeout: \"5m\", memory_mb: 1024},   require_signed: true}\n");
        var changed = load("plugins:\n  require_signed: true\n  max_limits: {memory_mb: 1024, timeout: 6m}\n");
        assertThat(block.digests()).containsOnlyKeys("plugins");
        assertThat(block.digests().get("plugins")).matches("[0-9a-f]{64}");
        assertThat(flow.digests()).isEqualTo(block.digests());
        assertThat(changed.digests().get("plugins"))
                .isNotEqualTo(block.digests().get("plugins"));
        assertThat(new OperatorConfigLoader(home.resolve("none")).load().digests())
                .isEmpty();
    }
}
