package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigSectionTest {

    record Server(String bind) {}

    static final ConfigSection<Server> SERVER = new ConfigSection<>("server", Server.class, ConfigSectionTest::read);

    static Server read(Optional<ConfigNode> node) {
        return node.flatMap(ConfigNode::asMap)
                .map(m -> {
                    m.allowOnly("bind");
                    return new Server(m.optionalString("bind").orElse("127.0.0.1:8787"));
                })
                .orElse(new Server("127.0.0.1:8787"));
    }

    static OperatorConfig parse(String yaml) {
        return new OperatorConfigLoader(Path.of("."), List.of(SERVER))
                .parse("gatehouse.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDeclaredSectionIsReadByItsOwner() {
        assertThat(parse("server: {bind: '0.0.0.0:9000'}\n").section(SERVER).bind())
                .isEqualTo("0.0.0.0:9000");
    }

    @Test
    void anAbsentSectionGivesItsDefaults() {
        assertThat(parse("plugins: {require_signed: true}\n").section(SERVER).bind())
                .isEqualTo("127.0.0.1:8787");
        assertThat(OperatorConfig.defaults().section(SERVER).bind()).isEqualTo("127.0.0.1:8787");
    }

    @Test
    void problemsInSectionsAndElsewhereAreReportedTogether() {
        assertThatThrownBy(() -> parse("server: {bnd: x}\nplugins: {require_signed: maybe}\nserverr: {}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(3)
                        .anySatisfy(p -> assertThat(p.message()).contains("did you mean 'bind'"))
                        .anySatisfy(p -> assertThat(p.message()).contains("did you mean 'server'")));
    }

    enum Mode {
        FAST,
        SAFE,
        OFF
    }

    record Chosen(Optional<Mode> mode) {}

    static final ConfigSection<Chosen> MODE = new ConfigSection<>(
            "mode", Chosen.class, node -> new Chosen(node.flatMap(n -> n.asWord("mode", Mode.class))));

    @Test
    void aWordIsOneOfTheConstantsInLowerCaseAndAnythingElseNamesThemAll() {
        var loader = new OperatorConfigLoader(Path.of("."), List.of(MODE));
        assertThat(loader.parse("gatehouse.yaml", "mode: safe\n".getBytes(StandardCharsets.UTF_8))
                        .section(MODE)
                        .mode())
                .contains(Mode.SAFE);
        for (var bad : List.of("SAFE", "slow", "'off '")) {
            assertThatThrownBy(() ->
                            loader.parse("gatehouse.yaml", ("mode: " + bad + "\n").getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(
                            ConfigException.class,
                            e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                                    .startsWith("mode must be fast, safe or off, found '")));
        }
    }
}
