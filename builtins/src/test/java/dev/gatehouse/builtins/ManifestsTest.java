package dev.gatehouse.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The host parses these manifests with the real ManifestParser (its tests do); here we hold each
 * manifest to its handlers and to the rules of the builtin tier.
 */
class ManifestsTest {

    static final BuiltinsConfig CONFIG = new BuiltinsConfig(
            new BuiltinsConfig.Files(
                    Map.of(
                            "workspace", new BuiltinsConfig.Root("workspace", "${workspace}", false),
                            "docs", new BuiltinsConfig.Root("docs", "/srv/docs \"quoted\"", true)),
                    1024,
                    1024),
            new BuiltinsConfig.Http(
                    List.of(HttpToolsTest.rule("api.example.com:443"), HttpToolsTest.rule("*.example.org")),
                    List.of(),
                    1024,
                    1024,
                    java.time.Duration.ofSeconds(5)));

    static List<Builtin> builtins() {
        return Builtins.all(CONFIG, Optional.of(Path.of("/work/space")), Clock.systemUTC(), event -> {});
    }

    static ConfigMap root(Builtin builtin) {
        var tree = ConfigTree.read(
                builtin.pluginName() + "/plugin.yaml",
                builtin.manifestYaml().getBytes(StandardCharsets.UTF_8),
                1 << 18);
        var root = tree.rootMap();
        tree.throwIfProblems();
        return root.orElseThrow();
    }

    static List<ConfigMap> tools(ConfigMap root) {
        return root.requiredList("provides_tools").orElseThrow().maps();
    }

    @Test
    void thereAreExactlyTheFilesAndHttpBuiltins() {
        assertThat(builtins()).extracting(Builtin::pluginName).containsExactly("files", "http");
    }

    @Test
    void eachManifestDeclaresExactlyTheToolsItsHandlersServe() {
        for (var builtin : builtins()) {
            var names = tools(root(builtin)).stream()
                    .map(t -> t.requiredString("name").orElseThrow())
                    .toList();
            assertThat(names).doesNotHaveDuplicates();
            assertThat(Set.copyOf(names)).isEqualTo(builtin.handlers().keySet());
        }
    }

    @Test
    void eachManifestIsABuiltinOfTheGatehousePublisher() {
        for (var builtin : builtins()) {
            var root = root(builtin);
            assertThat(root.requiredInt("manifest_version")).contains(1);
            assertThat(root.requiredString("name")).contains(builtin.pluginName());
            assertThat(root.requiredString("publisher")).contains("gatehouse");
            assertThat(root.requiredString("package")).contains("gatehouse-builtin-" + builtin.pluginName());
            assertThat(root.requiredMap("runtime").orElseThrow().requiredString("type"))
                    .contains("builtin");
        }
    }

    @Test
    void everyToolHasScopesEffectsAndABoundedClosedSchema() {
        for (var builtin : builtins()) {
            for (var tool : tools(root(builtin))) {
                var name = tool.requiredString("name").orElseThrow();
                var scopes = tool.requiredList("required_scopes").orElseThrow().strings();
                assertThat(scopes).as(name).isNotEmpty().allMatch(s -> s.startsWith(builtin.pluginName() + ":"));
                assertThat(tool.requiredString("effects")).as(name).isPresent();
                var schema = tool.requiredMap("input_schema").orElseThrow();
                assertThat(schema.requiredString("type")).contains("object");
                assertThat(schema.optionalBool("additionalProperties")).as(name).contains(false);
                for (var property :
                        schema.requiredMap("properties").orElseThrow().entries()) {
                    var p = property.value().asMap().orElseThrow();
                    var type = p.requiredString("type").orElseThrow();
                    switch (type) {
                        case "string" ->
                            assertThat(p.has("maxLength"))
                                    .as(name + "." + property.key())
                                    .isTrue();
                        case "integer" ->
                            assertThat(p.has("maximum"))
                                    .as(name + "." + property.key())
                                    .isTrue();
                        case "object" ->
                            assertThat(p.has("maxProperties"))
                                    .as(name + "." + property.key())
                                    .isTrue();
                        default -> assertThat(type).isEqualTo("boolean");
                    }
                }
            }
        }
    }

    @Test
    void effectsAndScopesAreAsDesigned() {
        var declared = new LinkedHashMap<String, String>();
        for (var builtin : builtins()) {
            for (var tool : tools(root(builtin))) {
                declared.put(
                        tool.requiredString("name").orElseThrow(),
                        tool.requiredString("effects").orElseThrow() + " "
                                + String.join(
                                        ",",
                                        tool.requiredList("required_scopes")
                                                .orElseThrow()
                                                .strings()));
            }
        }
        assertThat(declared)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "files_list", "read files:read",
                        "files_read", "read files:read",
                        "files_write", "write files:write",
                        "files_delete", "destructive files:admin",
                        "http_get", "external http:read",
                        "http_post", "external http:write"));
    }

    @Test
    void scopeHierarchiesStayInTheirOwnNamespace() {
        var files = hierarchy(root(builtins().get(0)));
        assertThat(files)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "files:admin", List.of("files:write", "files:read"), "files:write", List.of("files:read")));
        var http = hierarchy(root(builtins().get(1)));
        assertThat(http)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("http:admin", List.of("http:write", "http:read"), "http:write", List.of("http:read")));
    }

    @Test
    void capabilitiesFollowTheOperatorsConfiguration() {
        var files = root(builtins().get(0)).requiredMap("capabilities").orElseThrow();
        var fs = files.requiredMap("fs").orElseThrow();
        assertThat(fs.requiredList("read").orElseThrow().strings())
                .containsExactlyInAnyOrder("${workspace}", "/srv/docs \"quoted\"");
        assertThat(fs.requiredList("write").orElseThrow().strings()).containsExactly("${workspace}");
        assertThat(files.has("net")).isFalse();

        var http = root(builtins().get(1)).requiredMap("capabilities").orElseThrow();
        assertThat(http.requiredList("net").orElseThrow().strings())
                .containsExactly("api.example.com:443", "*.example.org");
        assertThat(http.has("fs")).isFalse();
    }

    @Test
    void withTheDefaultConfigurationTheBuiltinsMayReachNothing() {
        var all = Builtins.all(BuiltinsConfig.defaults(), Optional.empty(), Clock.systemUTC(), event -> {});
        var fs = root(all.get(0))
                .requiredMap("capabilities")
                .orElseThrow()
                .requiredMap("fs")
                .orElseThrow();
        assertThat(fs.requiredList("read").orElseThrow().isEmpty()).isTrue();
        assertThat(fs.requiredList("write").orElseThrow().isEmpty()).isTrue();
        var net = root(all.get(1))
                .requiredMap("capabilities")
                .orElseThrow()
                .requiredList("net")
                .orElseThrow();
        assertThat(net.isEmpty()).isTrue();
    }

    private static Map<String, List<String>> hierarchy(ConfigMap root) {
        var map = new LinkedHashMap<String, List<String>>();
        for (var entry : root.requiredMap("scopes")
                .orElseThrow()
                .requiredMap("hierarchy")
                .orElseThrow()
                .entries()) {
            map.put(
                    entry.key(),
                    new ArrayList<>(entry.value().asList().orElseThrow().strings()));
        }
        return map;
    }
}
