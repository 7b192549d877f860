package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown drains calls in flight; the stdio surface serves the same tools for one principal. */
class LifecycleTest {

    @Test
    void closeLetsACallInFlightFinishThenStopsListening() throws Exception {
        var fixture = new ServerFixture(false);
        var client = SdkClientTest.client(fixture.base(), TestGateway.ALICE_KEY);
        var call = new CompletableFuture<McpSchema.CallToolResult>();
        Thread.ofVirtual().start(() -> {
            try {
                call.complete(client.callTool(new McpSchema.CallToolRequest("slow", Map.of(), null)));
            } catch (RuntimeException e) {
                call.completeExceptionally(e);
            }
        });
        assertThat(fixture.gateway.slowEntered.await(30, TimeUnit.SECONDS)).isTrue();
        var closing = CompletableFuture.runAsync(fixture::close);
        fixture.gateway.release.countDown();
        var result = call.get(30, TimeUnit.SECONDS);
        assertThat(((McpSchema.TextContent) result.content().getFirst()).text()).isEqualTo("slow done");
        closing.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> new Socket("127.0.0.1", fixture.port()).close())
                .isInstanceOf(IOException.class);
        client.closeGracefully();
    }
}
