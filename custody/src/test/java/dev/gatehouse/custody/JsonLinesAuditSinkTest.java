package dev.gatehouse.custody;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.audit.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditSinkTest {

    @TempDir
    Path dir;

    @Test
    void writesOneParsableLinePerEventReadableOnlyByTheOwner() throws Exception {
        var file = dir.resolve("audit/events.jsonl");
        var sink = new JsonLinesAuditSink(file);
        sink.record(new AuditEvent(
                Instant.parse("2026-01-02T03:04:05Z"),
                "plugin.installed",
                "cli:ops",
                Map.of("name", "crm", "tools", List.of("a", "b"), "size", 3)));
        var lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        var node = new ObjectMapper().readTree(lines.getFirst());
        assertThat(node.get("type").asText()).isEqualTo("plugin.installed");
        assertThat(node.get("principal").asText()).isEqualTo("cli:ops");
        assertThat(node.get("fields").get("tools").get(1).asText()).isEqualTo("b");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        var file = dir.resolve("events.jsonl");
        var sinks = List.of(new JsonLinesAuditSink(file), new JsonLinesAuditSink(file));
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 400; i++) {
                int n = i;
                pool.submit(() -> sinks.get(n % 2)
                        .record(new AuditEvent(Instant.EPOCH, "t", "p", Map.of("n", n, "pad", "x".repeat(500)))));
            }
        }
        var lines = Files.readAllLines(file);
        assertThat(lines).hasSize(400);
        var mapper = new ObjectMapper();
        for (var line : lines) {
            assertThat(mapper.readTree(line).get("fields").get("pad").asText()).hasSize(500);
        }
    }
}
