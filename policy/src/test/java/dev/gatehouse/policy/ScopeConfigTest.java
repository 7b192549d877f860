package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeConfigTest {

    static OperatorConfig parse(String yaml) {
        return new OperatorConfigLoader(Path.of("."), List.of(ScopeConfig.SECTION))
                .parse("gatehouse.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theOperatorsHierarchyIsReadAndCompiles() {
        var config = parse("""
                scopes:
                  hierarchy:
                    "files:admin": ["files:write", "files:read"]
                    "ops:root": [admin]
                """).section(ScopeConfig.SECTION);

        assertThat(config.hierarchy().implies())
                .isEqualTo(Map.of("files:admin", List.of("files:write", "files:read"), "ops:root", List.of("admin")));
        var graph = ScopeGraph.compile(config.hierarchy(), Map.of());
        assertThat(graph.grants(Set.of("ops:root"), List.of("crm:read"))).isTrue();
    }

    @Test
    void anAbsentSectionHasNoHierarchy() {
        assertThat(parse("plugins: {}\n")
                        .section(ScopeConfig.SECTION)
                        .hierarchy()
                        .implies())
                .isEmpty();
        assertThat(OperatorConfig.defaults().section(ScopeConfig.SECTION)).isEqualTo(ScopeConfig.defaults());
    }

    @Test
    void everyMalformedScopeIsReportedWhereItIsWritten() {
        assertThatThrownBy(() -> parse("""
                        scopes:
                          hierarchy:
                            "Files:Admin": ["files:read"]
                            "files:write": ["files:read", "files:*", 7]
                          hierachy: {}
                        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .hasSize(4)
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).contains("'Files:Admin' is not a scope");
                })
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.message()).contains("'files:*' is not a scope");
                })
                .anySatisfy(p -> assertThat(p.message()).contains("expected a string"))
                .anySatisfy(p -> assertThat(p.message()).contains("did you mean 'hierarchy'")));
    }

    @Test
    void theHierarchyMustBeAMappingOfLists() {
        assertThatThrownBy(() -> parse("scopes:\n  hierarchy:\n    \"files:write\": files:read\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.message()).contains("expected a list")));
    }
}
