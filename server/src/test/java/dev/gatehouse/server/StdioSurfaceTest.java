package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** MCP over stdio through the SDK's stdio transport, as {@code gatehouse mcp} runs it. */
class StdioSurfaceTest {

    @Test
    void servesTheFixedPrincipalsToolsUntilInputEnds() throws Exception {
        var gateway = new TestGateway(false);
        var toServer = new PipedOutputStream();
        var serverIn = new PipedInputStream(toServer, 1 << 16);
        var serverOut = new PipedOutputStream();
        var fromServer = new BufferedReader(
                new InputStreamReader(new PipedInputStream(serverOut, 1 << 16), StandardCharsets.UTF_8));
        var serving = CompletableFuture.runAsync(
                () -> GatehouseServer.serveStdio(gateway, gateway.alice(), serverIn, serverOut));

        send(toServer, HostileHttpTest.INIT.formatted("2025-06-18"));
        JsonNode init = Responses.JSON.readTree(fromServer.readLine());
        assertThat(init.path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
        send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(Responses.JSON.readTree(fromServer.readLine()).path("result").toString())
                .contains("\"echo\"")
                .doesNotContain("bob_only");
        send(
                toServer,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"fail_plugin_error\"}}");
        var failed = Responses.JSON.readTree(fromServer.readLine());
        assertThat(failed.path("result").path("isError").asBoolean()).isTrue();
        assertThat(failed.toString()).contains("PLUGIN_ERROR: the tool failed").doesNotContain(TestGateway.CANARY);
        assertThat(gateway.calls.getLast().context().surface()).isEqualTo("mcp-stdio");
        assertThat(gateway.calls.getLast().principalId()).isEqualTo("key:alice");

        toServer.close();
        serving.get(30, TimeUnit.SECONDS);
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
