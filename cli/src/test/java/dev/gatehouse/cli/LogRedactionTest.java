package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Log lines pass the redactor: a child JVM configured by the real {@code logback.xml} logs a planted
 * canary as message argument, key-value field, exception text, MDC entry, field name and raw JSON;
 * its stderr must hold {@code [REDACTED:...]} and never the canary in any form.
 */
class LogRedactionTest {

    private static final int BURST = 2000;

    private static final String CANARY = "canary-" + UUID.randomUUID();
    private static final String GH_TOKEN = "ghp_" + UUID.randomUUID().toString().replace("-", "") + "abcd";

    /** The child's stderr, one run shared by every test: each checks its own part of it. */
    private static List<String> lines;

    @BeforeAll
    static void runEmitterOnce() throws Exception {
        lines = runEmitter(CANARY, GH_TOKEN);
    }

    @Test
    void everyLogLineIsRedactedAndStaysValidJson() throws Exception {
        var base64 = Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8));

        var all = String.join("\n", lines);
        assertThat(all).doesNotContain(CANARY, base64, GH_TOKEN, CANARY.substring(7));
        var json = new ObjectMapper();
        var parsed = new ArrayList<JsonNode>();
        for (var line : lines) {
            parsed.add(json.readTree(line));
        }
        assertThat(parsed).extracting(n -> n.path("message").asText()).contains("done");
        assertThat(field(parsed, "message", "plugin answered"))
                .isEqualTo("plugin answered with [REDACTED:CANARY_TOKEN]");
        var kv = line(parsed, "key-value");
        assertThat(kv.path("upstream_token").asText()).isEqualTo("[REDACTED:CANARY_TOKEN]");
        assertThat(kv.path("encoded").asText()).isEqualTo("[REDACTED:CANARY_TOKEN]");
        var failure = line(parsed, "call failed");
        assertThat(failure.path("stack_trace").asText())
                .contains("IllegalStateException: upstream rejected [REDACTED:CANARY_TOKEN]")
                .contains("cause carried [REDACTED:CANARY_TOKEN]")
                .contains("at dev.gatehouse.cli.LogCanaryEmitter.main");
        assertThat(line(parsed, "with mdc").path("session").asText()).isEqualTo("[REDACTED:CANARY_TOKEN]");
        assertThat(line(parsed, "odd field").has("[REDACTED:CANARY_TOKEN]")).isTrue();
        assertThat(line(parsed, "raw json").path("raw_json").path("leak").asText())
                .isEqualTo("[REDACTED:CANARY_TOKEN]");
        assertThat(field(parsed, "message", "escaped in JSON")).isEqualTo("escaped in JSON: [REDACTED:QUOTED_CANARY]");
        var huge = field(parsed, "message", "unknown notification");
        assertThat(huge)
                .startsWith("unknown notification: [REDACTED:CANARY_TOKEN]xxx")
                .endsWith(" more characters not logged]")
                .hasSizeLessThan(RedactingValueMasker.MAX_VALUE_CHARS + 64);
        assertThat(field(parsed, "message", "a token nobody"))
                .isEqualTo("a token nobody registered: [REDACTED:github-token]");
    }

    @Test
    void linesFromManyShortLivedThreadsJustBeforeExitAreAllWrittenAndRedacted() throws Exception {
        assertThat(String.join("\n", lines)).doesNotContain(CANARY);
        var json = new ObjectMapper();
        var seen = new java.util.TreeSet<Integer>();
        for (var line : lines) {
            var node = json.readTree(line);
            if (node.path("message").asText().equals("burst")) {
                assertThat(node.path("token").asText()).isEqualTo("[REDACTED:CANARY_TOKEN]");
                seen.add(node.path("n").asInt());
            }
        }
        // Every line of the burst, none lost in the queue between the callers and the writer.
        assertThat(seen).hasSize(BURST);
        assertThat(seen.first()).isZero();
        assertThat(seen.last()).isEqualTo(BURST - 1);
        assertThat(lines.getLast()).contains("\"message\":\"done\"");
    }

    private static List<String> runEmitter(String canary, String ghToken) throws Exception {
        var java = ProcessHandle.current().info().command().orElse("java");
        var pb = new ProcessBuilder(
                java,
                "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")),
                "-cp",
                System.getProperty("java.class.path"),
                LogCanaryEmitter.class.getName());
        pb.environment().put("CANARY", canary);
        pb.environment().put("UNREGISTERED_GITHUB_TOKEN", ghToken);
        pb.environment().put("BURST", Integer.toString(BURST));
        pb.environment().remove("GATEHOUSE_LOG_LEVEL");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        var process = pb.start();
        var stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderr).isZero();
        return stderr.lines().filter(l -> !l.isBlank()).toList();
    }

    private static JsonNode line(List<JsonNode> lines, String message) {
        return lines.stream()
                .filter(n -> n.path("message").asText().equals(message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log line with message " + message + " in " + lines));
    }

    private static String field(List<JsonNode> lines, String field, String prefix) {
        return lines.stream()
                .map(n -> n.path(field).asText())
                .filter(s -> s.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + " starting " + prefix + " in " + lines));
    }
}
