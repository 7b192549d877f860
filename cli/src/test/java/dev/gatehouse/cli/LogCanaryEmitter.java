package dev.gatehouse.cli;

import dev.gatehouse.redaction.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.logstash.logback.marker.Markers;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Child-JVM half of {@link LogRedactionTest}: logging configured by the real {@code logback.xml}
 * on the classpath, as in {@code gatehouse}. Installs a redactor that knows the canary (from the
 * environment, never argv), then logs it every way code can.
 */
final class LogCanaryEmitter {

    private LogCanaryEmitter() {}

    public static void main(String[] args) {
        var canary = System.getenv("CANARY");
        var unregistered = System.getenv("UNREGISTERED_GITHUB_TOKEN");
        // JSON escapes this one in the line, so only the per-value pass can find it.
        var quoted = canary + "\"with\\quote";
        var redactor = SecretRedactor.builder()
                .secret("CANARY_TOKEN", canary)
                .secret("QUOTED_CANARY", quoted)
                .build();
        // As an operator does when it opens a home: installed in logback's context, not in a static.
        LogRedaction.install(redactor::redact);
        var log = LoggerFactory.getLogger("dev.gatehouse.test.canary");
        var base64 = Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));

        log.info("plugin answered with {}", canary);
        log.atInfo()
                .addKeyValue("upstream_token", canary)
                .addKeyValue("encoded", base64)
                .log("key-value");
        log.warn(
                "call failed",
                new IllegalStateException(
                        "upstream rejected " + canary, new RuntimeException("cause carried " + base64)));
        MDC.put("session", canary);
        log.info("with mdc");
        MDC.clear();
        log.atInfo().addKeyValue(canary, "as a field name").log("odd field");
        log.info(Markers.appendRaw("raw_json", "{\"leak\":\"" + canary + "\"}"), "raw json");
        log.info("a token nobody registered: {}", unregistered);
        log.info("escaped in JSON: {}", quoted);
        // What a library does with a 3 MB notification it does not know: it logs the message.
        log.warn("unknown notification: {}", canary + "x".repeat(3_000_000) + canary);
        // As serve logs: each line from a new virtual thread, many at once, just before exit.
        var burst = Integer.parseInt(System.getenv().getOrDefault("BURST", "0"));
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < burst; i++) {
                int n = i;
                threads.execute(() -> log.atInfo()
                        .addKeyValue("n", n)
                        .addKeyValue("token", canary)
                        .log("burst"));
            }
        }
        log.info("done");
        // As Main does before the JVM exits: what is still queued is written.
        Logs.flush();
    }
}
