package dev.gatehouse.plugins.manifest;

import static dev.gatehouse.plugins.manifest.ManifestFixtures.DESIGN_EXAMPLE;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.MINIMAL;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.parser;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.problems;
import static dev.gatehouse.plugins.manifest.ManifestFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.api.manifest.EnvRequirement;
import dev.gatehouse.api.manifest.HookDeclaration;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.Runtime;
import dev.gatehouse.api.manifest.ScopeHierarchy;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolDefinition.Approval;
import dev.gatehouse.api.manifest.ToolDefinition.Effect;
import dev.gatehouse.api.manifest.ToolDefinition.Visibility;
import dev.gatehouse.api.manifest.ToolMiddleware;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {

    @TempDir
    Path dir;

    @Test
    void designExampleParsesIntoTheExpectedRecords() {
        var m = parser().parse("plugin.yaml", utf8(DESIGN_EXAMPLE), dir);

        assertThat(m.manifestVersion()).isEqualTo(1);
        assertThat(m.name()).isEqualTo("crm");
        assertThat(m.version()).isEqualTo("1.2.0");
        assertThat(m.description()).isEqualTo("Look up accounts, log activities and create tasks in our CRM.");
        assertThat(m.author()).contains("platform@acme.com");
        assertThat(m.publisher()).contains("acme");
        assertThat(m.packageName()).contains("acme-crm");
        assertThat(m.source()).contains("https://example.org/acme/crm-plugin");
        assertThat(m.runtime()).isEqualTo(new Runtime.Process(List.of("node", "dist/index.js")));
        assertThat(m.tools())
                .containsExactly(new ToolDefinition(
                        "crm_lookup_account",
                        "Find an account by name or id.",
                        "{\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"],\"type\":\"object\"}",
                        List.of("crm:read"),
                        Effect.READ,
                        Visibility.PUBLIC,
                        Approval.NEVER,
                        new ToolMiddleware(
                                Optional.of(Duration.ofSeconds(10)),
                                Optional.of(
                                        new ToolMiddleware.Cache(Duration.ofSeconds(60), ToolMiddleware.CacheKey.USER)),
                                Optional.of(new ToolMiddleware.RateLimit(20, ToolMiddleware.RateLimitKey.USER)),
                                Optional.of(new ToolMiddleware.Retry(3, 2.0)))));
        assertThat(m.hooks())
                .containsExactly(
                        new HookDeclaration(HookEvent.POST_TOOL_CALL, "writes an audit line for CRM-touching calls"));
        assertThat(m.env())
                .containsExactly(
                        new EnvRequirement("ACME_CRM_TOKEN", "Bearer token from CRM settings", true),
                        new EnvRequirement("ACME_CRM_BASE_URL", "Your CRM URL", false));
        assertThat(m.secretNames()).containsExactly("ACME_CRM_TOKEN");
        assertThat(m.capabilities())
                .isEqualTo(new Capabilities(
                        List.of(new NetRule("acme.crm.example.com", OptionalInt.of(443))),
                        List.of("${workspace}/docs"),
                        List.of(),
                        new Capabilities.Limits(
                                OptionalInt.of(256),
                                Optional.of(Duration.ofSeconds(30)),
                                OptionalInt.of(10),
                                OptionalInt.of(1024),
                                OptionalInt.of(16))));
        assertThat(m.scopes())
                .isEqualTo(new ScopeHierarchy(Map.of(
                        "crm:admin", List.of("crm:write", "crm:read"),
                        "crm:write", List.of("crm:read"))));
    }

    @Test
    void jsonFormParsesToTheSameManifestAsYaml() {
        var json = """
                {
                  "manifest_version": 1, "name": "crm", "version": "1.2.0",
                  "description": "Look up accounts, log activities and create tasks in our CRM.",
                  "runtime": {"type": "process", "command": ["node", "dist/index.js"]},
                  "provides_tools": [{
                    "name": "crm_lookup_account", "description": "Find an account by name or id.",
                    "input_schema": {"required": ["query"], "type": "object",
                                     "properties": {"query": {"type": "string"}}},
                    "required_scopes": ["crm:read"], "effects": "read"
                  }]
                }
                """;
        var yaml = """
                manifest_version: 1
                name: crm
                version: 1.2.0
                description: Look up accounts, log activities and create tasks in our CRM.
                runtime: {type: process, command: [node, dist/index.js]}
                provides_tools:
                  - name: crm_lookup_account
                    description: Find an account by name or id.
                    input_schema:
                      type: object
                      properties:
                        query: {type: string}
                      required: [query]
                    required_scopes: [crm:read]
                    effects: read
                """;
        assertThat(parser().parse("plugin.json", utf8(json), dir))
                .isEqualTo(parser().parse("plugin.yaml", utf8(yaml), dir));
    }

    @Test
    void minimalManifestGetsEmptySectionsAndDefaults() {
        var m = parser().parse("plugin.yaml", utf8(MINIMAL), dir);
        assertThat(m.runtime()).isEqualTo(new Runtime.Builtin());
        assertThat(m.tools()).isEmpty();
        assertThat(m.capabilities()).isEqualTo(Capabilities.none());
        assertThat(m.scopes()).isEqualTo(ScopeHierarchy.empty());
        assertThat(m.publisher()).isEmpty();
    }

    @Test
    void findsTheManifestInAPluginDirectoryUnderAnyOfItsNames() throws IOException {
        Files.writeString(dir.resolve("plugin.yml"), MINIMAL);
        assertThat(parser().parse(dir).name()).isEqualTo("demo");
    }

    @Test
    void directoryWithoutManifestIsRefused() {
        assertThatThrownBy(() -> parser().parse(dir))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .extracting(ManifestProblem::message)
                        .isEqualTo("no manifest; expected one of plugin.yaml, plugin.yml, plugin.json"));
    }

    @Test
    void directoryWithTwoManifestsIsRefused() throws IOException {
        Files.writeString(dir.resolve("plugin.yaml"), MINIMAL);
        Files.writeString(dir.resolve("plugin.json"), "{}");
        assertThatThrownBy(() -> parser().parse(dir))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .extracting(ManifestProblem::message)
                        .isEqualTo("more than one manifest (plugin.yaml, plugin.json); keep exactly one"));
    }

    @Test
    void manifestThatIsASymbolicLinkIsRefused(@TempDir Path elsewhere) throws IOException {
        var target = Files.writeString(elsewhere.resolve("secret.yaml"), MINIMAL);
        Files.createSymbolicLink(dir.resolve("plugin.yaml"), target);
        assertThatThrownBy(() -> parser().parse(dir))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .extracting(ManifestProblem::message)
                        .isEqualTo("plugin.yaml must be a regular file, not a link or directory"));
    }

    @Test
    void problemsNameTheFileAndPrintAsFileLineColumnMessage() throws IOException {
        Files.writeString(dir.resolve("plugin.yaml"), MINIMAL.replace("name: demo", "name: Demo"));
        assertThatThrownBy(() -> parser().parse(dir))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .hasToString(dir.resolve("plugin.yaml") + ":2:7: name 'Demo' is not valid: lower-case "
                                + "letters, digits and '-', starting with a letter, 2 to 63 long"));
    }

    @Test
    void severalProblemsAreReportedAtOnceInFileOrder() {
        var yaml = """
                manifest_version: 1
                name: X
                version: one
                descripton: typo
                runtime: {type: process}
                capabilities: {net: ["*"]}
                """;
        assertThat(problems(yaml, dir))
                .containsExactly(
                        "1:1: missing required key 'description'",
                        "2:7: name 'X' is not valid: lower-case letters, digits and '-', starting with a letter,"
                                + " 2 to 63 long",
                        "3:10: version 'one' is not valid: expected a semantic version such as 1.2.0, 1.0.0-rc.1"
                                + " or 1.0.0+build.5",
                        "4:1: unknown key 'descripton' (did you mean 'description'?)",
                        "5:10: missing required key 'command'",
                        "6:22: net entry '*': a bare '*' would allow every host; name the hosts or a domain like"
                                + " '*.example.com'");
    }

    @Test
    void duplicateKeyIsReportedWithItsLocation() {
        assertThat(problems(MINIMAL + "name: other\n", dir))
                .containsExactly("6:1: duplicate key 'name' (first on line 2)");
    }

    @Test
    void aliasBombIsRefusedWithoutExpanding() {
        var bomb = new StringBuilder(MINIMAL).append("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        assertThat(problems(bomb.toString(), dir)).singleElement().asString().contains("not valid YAML");
    }

    @Test
    void oversizeManifestIsRefusedBeforeParsing() {
        var big = MINIMAL + "# " + "x".repeat(256 * 1024) + "\n";
        assertThat(problems(big, dir))
                .singleElement()
                .asString()
                .startsWith("1:1: the file is ")
                .endsWith("the limit is 262144");
    }

    @Test
    void deeplyNestedManifestGivesAProblemNotAStackOverflow() {
        var deep = MINIMAL + "x: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertThat(problems(deep, dir)).containsExactly("6:67: nested deeper than 64 levels");
    }

    @Test
    void unsupportedManifestVersionIsTheOnlyProblemReported() {
        assertThat(problems(MINIMAL.replace("manifest_version: 1", "manifest_version: 2") + "whatever: 1\n", dir))
                .containsExactly("1:19: unsupported manifest_version 2; this Gatehouse reads 1");
    }

    @Test
    void manifestVersionMustBeAnInteger() {
        assertThat(problems(MINIMAL.replace("manifest_version: 1", "manifest_version: \"1\""), dir))
                .containsExactly("1:19: expected a whole number, found a string");
    }
}
