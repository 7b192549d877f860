package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit.acknowledge: written} reaches the log {@code serve} opens: serve says so on start
 * (from the opened log's own options, not from the file), and every call it answered is in a log
 * that verifies after a graceful stop.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeAuditAcknowledgeTest {

    @TempDir
    Path tmp;

    @Test
    void serveOpensTheLogAsConfiguredSaysSoAndEveryAnsweredCallIsInTheVerifiedLog() throws Exception {
        var home = tmp.resolve("home");
        var config = ServeEndToEndTest.CONFIG + "audit:\n  acknowledge: written\n  sync_interval: 5ms\n";
        int calls = 25;
        try (var serve = ServeProcess.start(home, config)) {
            var transport = HttpClientStreamableHttpTransport.builder(serve.baseUrl)
                    .endpoint("/mcp")
                    .addHttpRequestCustomizer(
                            (b, method, uri, body, context) -> b.header("Authorization", "Bearer " + serve.adminKey()))
                    .build();
            try (var admin = McpClient.sync(transport)
                    .requestTimeout(Duration.ofSeconds(30))
                    .build()) {
                admin.initialize();
                for (int i = 0; i < calls; i++) {
                    var wrote = admin.callTool(new McpSchema.CallToolRequest(
                            "files_write", Map.of("path", "n" + i + ".txt", "content", "call " + i), null));
                    assertThat(wrote.isError()).isFalse();
                }
            }
            serve.stop();
            assertThat(serve.err).anySatisfy(l -> assertThat(l).contains("draining"));
            assertThat(serve.err).anySatisfy(l -> assertThat(l)
                    .contains("gatehouse: audit: a call is answered once its record is written,"
                            + " and fsync'd within 5 ms (audit.acknowledge: written)"));
        }

        var cli = new CliRun(home);
        var verify = cli.run("audit", "verify");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        var answered = cli.run("audit", "query", "--type", "tool.call", "--tool", "files_write", "--json");
        assertThat(answered.exitCode()).as(answered.all()).isZero();
        assertThat(answered.out().lines().filter(l -> l.contains("\"outcome\":\"ok\"")))
                .hasSize(calls);
    }
}
