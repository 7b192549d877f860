package dev.gatehouse.plugins.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolDefinition.Approval;
import dev.gatehouse.api.manifest.ToolDefinition.Effect;
import dev.gatehouse.api.manifest.ToolDefinition.Visibility;
import dev.gatehouse.api.manifest.ToolMiddleware;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolFingerprintTest {

    static ToolDefinition tool(String name, String description, String schema) {
        return new ToolDefinition(
                name,
                description,
                schema,
                List.of("crm:read"),
                Effect.READ,
                Visibility.PUBLIC,
                Approval.NEVER,
                ToolMiddleware.none());
    }

    @Test
    void isSha256OverTheCanonicalJsonOfDescriptionSchemaAndName() {
        // sha256 of {"description":"d","input_schema":{"type":"object"},"name":"t"}
        assertThat(ToolFingerprint.of(tool("t", "d", "{\"type\":\"object\"}")))
                .isEqualTo("sha256:d43936eb4f15e734d0a39d2ba392966302b1498b4fa8ed9a00bc0c67875873e5");
    }

    @Test
    void ignoresKeyOrderAndWhiteSpaceInTheSchema() {
        var a = tool("t", "d", "{\"type\":\"object\",\"required\":[\"q\"]}");
        var b = tool("t", "d", "{ \"required\" : [ \"q\" ] ,\n \"type\" : \"object\" }");
        assertThat(ToolFingerprint.of(a)).isEqualTo(ToolFingerprint.of(b));
    }

    @Test
    void changesWhenWhatTheCallerSeesChanges() {
        var base = ToolFingerprint.of(tool("t", "d", "{\"type\":\"object\"}"));
        assertThat(ToolFingerprint.of(tool("t", "d!", "{\"type\":\"object\"}"))).isNotEqualTo(base);
        assertThat(ToolFingerprint.of(tool("u", "d", "{\"type\":\"object\"}"))).isNotEqualTo(base);
        assertThat(ToolFingerprint.of(tool("t", "d", "{\"type\":\"object\",\"required\":[]}")))
                .isNotEqualTo(base);
    }

    @Test
    void ignoresMiddlewareAndPolicyFields() {
        var base = tool("t", "d", "{\"type\":\"object\"}");
        var other = new ToolDefinition(
                "t",
                "d",
                "{\"type\":\"object\"}",
                List.of("crm:write"),
                Effect.WRITE,
                Visibility.EXTENDED,
                Approval.ALWAYS,
                ToolMiddleware.none());
        assertThat(ToolFingerprint.of(other)).isEqualTo(ToolFingerprint.of(base));
    }

    @Test
    void parsedToolsFingerprintTheSameWhetherWrittenInYamlOrJson() {
        var yaml = ManifestFixtures.WITH_TOOL.replace("{type: object}", "{type: object, required: [q]}");
        var json =
                ManifestFixtures.WITH_TOOL.replace("{type: object}", "{\"required\": [\"q\"], \"type\": \"object\"}");
        var dir = Path.of("target");
        var a = ManifestFixtures.parser()
                .parse("a.yaml", ManifestFixtures.utf8(yaml), dir)
                .tools()
                .getFirst();
        var b = ManifestFixtures.parser()
                .parse("b.yaml", ManifestFixtures.utf8(json), dir)
                .tools()
                .getFirst();
        assertThat(ToolFingerprint.of(a)).isEqualTo(ToolFingerprint.of(b)).startsWith("sha256:");
    }
}
