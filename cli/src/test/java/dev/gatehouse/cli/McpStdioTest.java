package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse mcp} as a local MCP client starts it: a child process speaking JSON-RPC on stdio. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class McpStdioTest {

    @TempDir
    Path tmp;

    @Test
    void servesTheKeysToolsOverStdioWithOnlyProtocolOnStdout() throws Exception {
        var home = tmp.resolve("home");
        // A first serve sets the home up; then a narrower key for the stdio client.
        try (var serve = ServeProcess.start(home, ServeEndToEndTest.CONFIG)) {
            serve.stop();
        }
        var key = new CliRun(home)
                .run("keys", "create", "--name", "desktop", "--scopes", "files:read")
                .out()
                .strip();
        var keyFile = tmp.resolve("desktop.key");
        Files.writeString(keyFile, key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        var java = ProcessHandle.current().info().command().orElse("java");
        var pb = new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "mcp",
                "--key-file",
                keyFile.toString());
        pb.environment().put("GATEHOUSE_HOME", home.toString());
        pb.redirectError(tmp.resolve("stderr.txt").toFile());
        var process = pb.start();
        var json = new ObjectMapper();
        try (var in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
                var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"stdio-test\",\"version\":\"1\"}}}\n");
            in.flush();
            JsonNode init = json.readTree(out.readLine());
            assertThat(init.at("/result/serverInfo/name").asText()).isEqualTo("gatehouse");

            in.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
            in.write("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n");
            in.flush();
            JsonNode tools = json.readTree(out.readLine());
            assertThat(tools.at("/result/tools").findValuesAsText("name"))
                    .containsExactlyInAnyOrder("files_list", "files_read");

            in.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"files_write\","
                    + "\"arguments\":{\"path\":\"a\",\"content\":\"b\"}}}\n");
            in.flush();
            JsonNode denied = json.readTree(out.readLine());
            // A tool the key may not call answers exactly like one that does not exist.
            assertThat(denied.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(denied.at("/error/message").asText()).isEqualTo("NOT_FOUND: no such tool");
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(tmp.resolve("stderr.txt"))).contains("serving MCP over stdio as key:desktop");
    }
}
