package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TypeScript SDK client and the MCP conformance suite against the real server. */
class NodeClientsTest {

    @BeforeAll
    static void install() throws IOException, InterruptedException {
        NodeTools.ensureInstalled();
    }

    @Test
    void theTypeScriptSdkClientSeesOnlyItsToolsAndCleanErrors() throws Exception {
        try (var fixture = new ServerFixture(false)) {
            var run = NodeTools.run(
                    NodeTools.cache(),
                    Duration.ofMinutes(2),
                    List.of(
                            NodeTools.node().toString(),
                            "ts-client.mjs",
                            fixture.base() + "/mcp",
                            TestGateway.ALICE_KEY));
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            var out = Responses.JSON.readTree(
                    run.stdout().strip().lines().toList().getLast());
            assertThat(out.path("protocolVersion").asText()).isIn(McpVersions.SUPPORTED);
            assertThat(out.path("sessionId").asText()).matches("[A-Za-z0-9_-]{43}");
            assertThat(out.path("tools").toString()).contains("\"echo\"").doesNotContain("bob_only");
            assertThat(out.path("echo").path("content").get(0).path("text").asText())
                    .isEqualTo("from typescript");
            assertThat(out.path("failure").path("isError").asBoolean()).isTrue();
            assertThat(out.path("failure").path("content").get(0).path("text").asText())
                    .isEqualTo("TIMEOUT: the call timed out");
            assertThat(out.path("unknown").path("code").asInt()).isEqualTo(-32602);
            assertThat(run.stdout() + run.stderr()).doesNotContain(TestGateway.CANARY);
        }
    }

    /**
     * The suite's client sends no credentials, so a small proxy in front adds Alice's key: the
     * scenarios meet the real authentication.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "server-initialize",
                "ping",
                "tools-list",
                "tools-call-simple-text",
                "logging-set-level",
                "server-sse-multiple-streams",
                "dns-rebinding-protection"
            })
    void conformanceScenarioPasses(String scenario, @TempDir Path results) throws Exception {
        try (var fixture = new ServerFixture(false);
                var proxy = new HeaderProxy(fixture.base(), "Bearer " + TestGateway.ALICE_KEY)) {
            var url = proxy.base() + "/mcp";
            var command = List.of(
                    NodeTools.node().toString(),
                    NodeTools.conformance().toString(),
                    "server",
                    "--url",
                    url,
                    "--scenario",
                    scenario,
                    "-o",
                    results.toString());
            var run = NodeTools.run(results, Duration.ofMinutes(3), command);
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            var checks = Files.walk(results)
                    .filter(p -> p.getFileName().toString().equals("checks.json"))
                    .toList();
            assertThat(checks).hasSize(1);
            var parsed = Responses.JSON.readTree(checks.getFirst().toFile());
            assertThat(parsed).isNotEmpty();
            parsed.forEach(check -> assertThat(check.path("status").asText())
                    .as(check.toString())
                    .isIn("SUCCESS", "INFO"));
            assertThat(parsed.findValuesAsText("status")).contains("SUCCESS");
        }
    }
}
