package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.ErrorCode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Java SDK client against the real server. */
class SdkClientTest {

    static ServerFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture(false);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static McpSyncClient client(String token) {
        return client(fixture.base(), token);
    }

    static McpSyncClient client(String base, String token) {
        var transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .addHttpRequestCustomizer(
                        (b, method, uri, body, context) -> b.header("Authorization", "Bearer " + token))
                .build();
        var client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
        client.initialize();
        return client;
    }

    @Test
    void initializesPingsAndNegotiatesASupportedVersion() {
        try (var client = client(TestGateway.ALICE_KEY)) {
            assertThat(McpVersions.SUPPORTED)
                    .contains(client.getCurrentInitializationResult().protocolVersion());
            assertThat(client.getCurrentInitializationResult().serverInfo().name())
                    .isEqualTo("gatehouse");
            client.ping();
        }
    }

    @Test
    void eachPrincipalListsOnlyItsOwnTools() {
        try (var alice = client(TestGateway.ALICE_KEY);
                var bob = client(TestGateway.BOB_TOKEN)) {
            var aliceTools =
                    alice.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            var bobTools =
                    bob.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(aliceTools).contains("echo", "fail_timeout").doesNotContain("bob_only");
            assertThat(bobTools).containsExactly("bob_only");
            var echo = alice.listTools().tools().stream()
                    .filter(t -> t.name().equals("echo"))
                    .findFirst()
                    .orElseThrow();
            assertThat(echo.inputSchema().get("required")).isEqualTo(java.util.List.of("text"));
            // Title and hints come from the manifest's description and effects (the fixture's views
            // declare none, so the widest: external).
            assertThat(echo.title()).isEqualTo("Echo the text back");
            assertThat(echo.annotations().readOnlyHint()).isFalse();
            assertThat(echo.annotations().openWorldHint()).isTrue();
        }
    }

    @Test
    void aToolCallGoesThroughTheGatewayAsTheCaller() {
        try (var alice = client(TestGateway.ALICE_KEY)) {
            var result = alice.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "hi there"), null));
            assertThat(result.isError()).isFalse();
            assertThat(((McpSchema.TextContent) result.content().getFirst()).text())
                    .isEqualTo("hi there");
            var call = fixture.gateway.calls.getLast();
            assertThat(call.principalId()).isEqualTo("key:alice");
            assertThat(call.context().surface()).isEqualTo("mcp-http");
            assertThat(call.context().clientAddress()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void everyFailureIsItsCodeAndGenericMessageOnly() {
        try (var alice = client(TestGateway.ALICE_KEY)) {
            for (var code : ErrorCode.values()) {
                if (code == ErrorCode.NOT_FOUND) {
                    continue;
                }
                var result = alice.callTool(new McpSchema.CallToolRequest(TestGateway.failName(code), Map.of(), null));
                assertThat(result.isError()).isTrue();
                var text = ((McpSchema.TextContent) result.content().getFirst()).text();
                assertThat(text).startsWith(code.name() + ": " + code.message()).doesNotContain(TestGateway.CANARY);
                if (code == ErrorCode.RATE_LIMITED) {
                    assertThat(result.meta()).containsEntry(ToolResults.RETRY_AFTER_META, 3);
                    assertThat(text).contains("retry after 3s");
                } else {
                    assertThat(text).isEqualTo(code.name() + ": " + code.message());
                }
            }
        }
    }

    @Test
    void anUnknownToolIsAnInvalidParamsErrorThatRevealsNothing() {
        try (var bob = client(TestGateway.BOB_TOKEN)) {
            assertThatThrownBy(() -> bob.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "x"), null)))
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                        assertThat(e.getJsonRpcError().message()).isEqualTo("NOT_FOUND: no such tool");
                    });
        }
    }

    @Test
    void aGatewayThatThrowsGivesAGenericInternalError() {
        try (var alice = client(TestGateway.ALICE_KEY)) {
            assertThatThrownBy(() -> alice.callTool(new McpSchema.CallToolRequest("explode", Map.of(), null)))
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().message()).isEqualTo("Internal error");
                        assertThat(String.valueOf(e.getJsonRpcError().data())).doesNotContain(TestGateway.CANARY);
                    });
        }
    }
}
