package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse mcp} in this JVM, its standard streams injected as pipes: every byte it writes
 * to its stdout is JSON-RPC, and everything it says for people goes to stderr.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class McpCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path home;
    Path keyFile;

    @BeforeEach
    void aHomeWithANarrowKey() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("gatehouse.yaml"), ServeEndToEndTest.CONFIG);
        var created = new CliRun(home).run("keys", "create", "--name", "desktop", "--scopes", "files:read");
        assertThat(created.exitCode()).as(created.all()).isZero();
        keyFile = tmp.resolve("desktop.key");
        Files.writeString(keyFile, created.out().strip());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aHomeNeverSetUpIsRefusedWithoutMakingAnAdminKeyNobodyWouldSee() throws Exception {
        var fresh = tmp.resolve("fresh-home");
        var stdout = new ByteArrayOutputStream();
        var result = withoutInput(fresh, stdout).run("mcp", "--key-file", keyFile.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("has no keys yet").contains("gatehouse serve");
        assertThat(result.all()).doesNotContain("ghk_");
        assertThat(stdout.size()).isZero();
        assertThat(fresh.resolve("data/gatehouse.db")).doesNotExist();
    }

    @Test
    void servesJsonRpcOnTheInjectedStdoutAndSpeaksToPeopleOnlyOnStderr() throws Exception {
        var stdin = Pipe.open();
        var stdout = Pipe.open();
        var cli = new CliRun(home)
                .withProtocolStdio(() -> new Environment.ProtocolStdio.Streams(
                        Channels.newInputStream(stdin.source()), Channels.newOutputStream(stdout.sink())));
        var run = CompletableFuture.supplyAsync(() -> cli.run("mcp", "--key-file", keyFile.toString()));

        var lines = new ArrayList<JsonNode>();
        var requests = Channels.newOutputStream(stdin.sink());
        try (var responses = new BufferedReader(
                new InputStreamReader(Channels.newInputStream(stdout.source()), StandardCharsets.UTF_8))) {
            send(
                    requests,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            var init = JSON.readTree(responses.readLine());
            assertThat(init.at("/result/serverInfo/name").asText()).isEqualTo("gatehouse");

            send(requests, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(requests, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            var tools = JSON.readTree(responses.readLine());
            assertThat(tools.at("/result/tools").findValuesAsText("name"))
                    .containsExactlyInAnyOrder("files_list", "files_read");

            send(
                    requests,
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"files_write\","
                            + "\"arguments\":{\"path\":\"a\",\"content\":\"b\"}}}");
            var denied = JSON.readTree(responses.readLine());
            assertThat(denied.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(denied.at("/error/message").asText()).isEqualTo("NOT_FOUND: no such tool");
            lines.add(init);
            lines.add(tools);
            lines.add(denied);

            stdin.sink().close(); // end of input ends the session
            var result = run.get(60, TimeUnit.SECONDS);
            stdout.sink().close();
            String rest;
            while ((rest = responses.readLine()) != null) {
                lines.add(JSON.readTree(rest));
            }
            assertThat(result.exitCode()).as(result.all()).isZero();
            assertThat(result.out()).as("the command's text output").isEmpty();
            assertThat(result.err()).contains("serving MCP over stdio as key:desktop");
        }
        assertThat(lines).allSatisfy(message -> {
            assertThat(message.get("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(message.has("result") || message.has("error") || message.has("method"))
                    .isTrue();
        });
    }

    @Test
    void aRefusedKeyWritesNothingToStdout() throws Exception {
        var wrong = tmp.resolve("wrong.key");
        Files.writeString(wrong, "ghk_0000000000000000_notakeyatallnotakeyatallnotakeyatall00000");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        var protocolOut = new ByteArrayOutputStream();

        var result = withoutInput(home, protocolOut).run("mcp", "--key-file", wrong.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("UNAUTHENTICATED");
        assertThat(protocolOut.size()).isZero();
        assertThat(result.out()).isEmpty();
    }

    @Test
    void withoutProtocolStreamsTheCommandRefusesToServe() {
        var result = new CliRun(home).run("mcp", "--key-file", keyFile.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no standard streams");
    }

    @Test
    void onceClaimedAStrayPrintToSystemOutGoesToStderrAndTheProtocolStreamStaysClean() {
        var savedOut = System.out;
        var savedErr = System.err;
        var processOut = new ByteArrayOutputStream();
        var processErr = new ByteArrayOutputStream();
        var protocol = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(processOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
            var stdio = Environment.ProtocolStdio.redirectingSystemOut(new ByteArrayInputStream(new byte[0]), protocol)
                    .claim();

            System.out.println("a library's stray line");
            write(stdio.out(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n");
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        assertThat(processOut.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(processErr.toString(StandardCharsets.UTF_8)).contains("a library's stray line");
        assertThat(protocol.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n");
    }

    /** The CLI on {@code home} with protocol streams whose input is already at its end. */
    static CliRun withoutInput(Path home, OutputStream protocolOut) {
        return new CliRun(home)
                .withProtocolStdio(() ->
                        new Environment.ProtocolStdio.Streams(new ByteArrayInputStream(new byte[0]), protocolOut));
    }

    static void send(OutputStream out, String line) throws Exception {
        write(out, line + "\n");
    }

    static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
