package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does: run {@code gatehouse serve}, connect an MCP client (the official Java
 * SDK) with the printed key, see only permitted tools, call them, get clean errors.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeEndToEndTest {

    static final String CONFIG = """
            server:
              bind: 127.0.0.1:0
            builtins:
              files:
                roots:
                  workspace: "${workspace}"
            """;

    @TempDir
    static Path tmp;

    static ServeProcess serve;

    @BeforeAll
    static void start() throws Exception {
        serve = ServeProcess.start(tmp.resolve("home"), CONFIG);
    }

    @AfterAll
    static void stop() {
        serve.close();
    }

    static McpSyncClient client(String key) {
        var transport = HttpClientStreamableHttpTransport.builder(serve.baseUrl)
                .endpoint("/mcp")
                .addHttpRequestCustomizer((b, method, uri, body, context) -> b.header("Authorization", "Bearer " + key))
                .build();
        var client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Test
    void theFirstRunPrintsAKeyAndAClientConfigurationThatWork() {
        assertThat(serve.out).anySatisfy(l -> assertThat(l).contains("\"mcpServers\""));
        // The default is durable, and serve speaks of the audit log only when it is not.
        assertThat(serve.allOutput()).noneSatisfy(l -> assertThat(l).contains("audit.acknowledge"));
        try (var admin = client(serve.adminKey())) {
            var names =
                    admin.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(names).contains("files_read", "files_write", "http_get");

            var wrote = admin.callTool(new McpSchema.CallToolRequest(
                    "files_write", Map.of("path", "hello.txt", "content", "from the SDK"), null));
            assertThat(wrote.isError()).isFalse();
            var read = admin.callTool(new McpSchema.CallToolRequest("files_read", Map.of("path", "hello.txt"), null));
            assertThat(text(read)).isEqualTo("from the SDK");
        }
    }

    @Test
    void aSecondServeOnTheSameHomeRefusesToRunWithoutTheAuditLog() {
        var second = new CliRun(serve.home).run("serve");
        assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
        assertThat(second.err())
                .contains("is held by another Gatehouse process (pid " + serve.process.pid() + ")")
                .contains("stop it first");
        assertThat(second.out()).doesNotContain("listening");
    }

    @Test
    void aNarrowerKeySeesOnlyItsToolsAndGetsCleanErrorsForTheRest() {
        var created = new CliRun(serve.home).run("keys", "create", "--name", "reader", "--scopes", "files:read");
        assertThat(created.exitCode()).as(created.all()).isZero();
        var key = created.out().strip();
        try (var reader = client(key)) {
            var names = reader.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            assertThat(names).containsExactlyInAnyOrder("files_list", "files_read");

            // A tool the key may not call answers exactly like one that does not exist.
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                            () -> reader.callTool(new McpSchema.CallToolRequest(
                                    "files_write", Map.of("path", "x.txt", "content", "no"), null))))
                    .isInstanceOf(io.modelcontextprotocol.spec.McpError.class)
                    .hasMessage("NOT_FOUND: no such tool");

            var invalid = reader.callTool(new McpSchema.CallToolRequest("files_read", Map.of("nope", 1), null));
            assertThat(text(invalid))
                    .startsWith("INVALID_ARGUMENTS")
                    .contains("argument 'nope' is not one this tool takes")
                    .contains("argument 'path' is required");
        }
        assertThat(Files.exists(serve.home
                        .resolveSibling(serve.home.getFileName() + "-workspace")
                        .resolve("x.txt")))
                .isFalse();
    }

    @Test
    void logsAreJsonLinesOnStderrWithoutCredentials() throws Exception {
        try (var admin = client(serve.adminKey())) {
            admin.ping();
        }
        // The access line is written after the response, by the log writer thread: wait for it.
        var access = accessLines();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (access.stream().noneMatch(ServeEndToEndTest::mcpOk) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            access = accessLines();
        }
        assertThat(access).anySatisfy(n -> {
            assertThat(n.path("route").asText()).isEqualTo("/mcp");
            assertThat(n.path("status").asInt()).isEqualTo(200);
        });
        assertThat(serve.err).noneSatisfy(l -> assertThat(l).contains(serve.adminKey()));
    }

    @Test
    void metricsCountCallsByToolAndOutcomeWithLatencyHistogramsAndDenials() throws Exception {
        try (var admin = client(serve.adminKey())) {
            admin.callTool(new McpSchema.CallToolRequest("files_list", Map.of("path", "."), null));
            admin.callTool(new McpSchema.CallToolRequest("files_read", Map.of("nope", 1), null));
        }
        var http = java.net.http.HttpClient.newHttpClient();
        var metrics = http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(serve.baseUrl + "/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains("gatehouse_tool_calls_total{outcome=\"ok\",tool=\"files_list\"}")
                .contains("gatehouse_tool_call_duration_seconds_bucket{tool=\"files_list\"")
                .contains("gatehouse_denials_total{reason=\"INVALID_ARGUMENTS\"}");
    }

    @Test
    void aRevokedKeyIsRefused() {
        var created = new CliRun(serve.home).run("keys", "create", "--name", "shortlived", "--scopes", "files:read");
        var key = created.out().strip();
        try (var client = client(key)) {
            client.ping();
        }
        assertThat(new CliRun(serve.home).run("keys", "revoke", "shortlived").exitCode())
                .isZero();
        assertThatThrownBy(() -> client(key)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void callRunsTheSamePipelineFromTheCommandLine() throws Exception {
        var keyFile = tmp.resolve("admin.key");
        Files.writeString(keyFile, serve.adminKey());
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        var cli = new CliRun(serve.home);

        var wrote = cli.run(
                "call",
                "files_write",
                "--key-file",
                keyFile.toString(),
                "--args",
                "{\"path\":\"cli.txt\",\"content\":\"ok\"}");
        assertThat(wrote.exitCode()).as(wrote.all()).isZero();
        var read = cli.run("call", "files_read", "--key-file", keyFile.toString(), "--args", "{\"path\":\"cli.txt\"}");
        assertThat(read.out().strip()).isEqualTo("ok");

        var traversal = cli.run(
                "call", "files_read", "--key-file", keyFile.toString(), "--args", "{\"path\":\"../gatehouse.yaml\"}");
        assertThat(traversal.exitCode()).isEqualTo(1);
        var unknown = cli.run("call", "no_such_tool", "--key-file", keyFile.toString());
        assertThat(unknown.err()).contains("NOT_FOUND");
        var badJson = cli.run("call", "files_read", "--key-file", keyFile.toString(), "--args", "{nope");
        assertThat(badJson.exitCode()).isEqualTo(2);

        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        var open = cli.run("call", "files_read", "--key-file", keyFile.toString(), "--args", "{\"path\":\"cli.txt\"}");
        assertThat(open.exitCode()).isEqualTo(2);
        assertThat(open.err()).contains("chmod 600");
    }

    private static List<JsonNode> accessLines() {
        var json = new ObjectMapper();
        return serve.err.stream()
                .filter(l -> l.startsWith("{"))
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (IOException e) {
                        throw new AssertionError("not a JSON line: " + l, e);
                    }
                })
                .filter(n -> n.path("logger_name").asText().equals("dev.gatehouse.server.access"))
                .toList();
    }

    private static boolean mcpOk(JsonNode line) {
        return line.path("route").asText().equals("/mcp") && line.path("status").asInt() == 200;
    }
}
