package dev.gatehouse.bench;

import dev.gatehouse.redaction.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Redaction throughput on typical tool output: a few KB of JSON and text, a redactor that knows 20
 * secrets (every encoded form of each, so ~250 strings in the automaton) and all credential shapes.
 * {@code dirty} holds three known secrets (raw, base64, URL-encoded) and one of every shape;
 * {@code clean} is the same size with none, the common case. {@code build} is what swapping in a new
 * redactor costs when the set of secrets changes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedactionBench {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Map<String, String> secrets;
    private SecretRedactor redactor;
    private String dirty;
    private String clean;

    @Setup
    public void setUp() {
        var rng = new Random(42);
        secrets = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            secrets.put("PLUGIN_" + i + "_TOKEN", "tok_" + random(rng, ALNUM, 28 + i));
        }
        redactor = SecretRedactor.builder().secrets(secrets).build();
        var known = secrets.values().toArray(String[]::new);
        var filler = filler(rng);
        dirty = """
                {"accounts":[%s],
                 "debug":{"request":"GET /v1/accounts?api_key=%s HTTP/1.1",
                  "headers":{"Authorization":"Bearer %s","X-Trace":"%s"},
                  "aws":"%s","github":"%s","slack":"%s","jwt":"%s","gatehouse":"%s",
                  "db":"postgres://app:%s@db.internal/app","config":"password=%s",
                  "key":"-----BEGIN PRIVATE KEY-----\\n%s\\n-----END PRIVATE KEY-----"}}
                """.formatted(
                        filler,
                        known[3],
                        Base64.getEncoder().encodeToString(known[7].getBytes(StandardCharsets.UTF_8)),
                        java.net.URLEncoder.encode(known[11] + "/x", StandardCharsets.UTF_8),
                        "AKIA" + random(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
                        "ghp_" + random(rng, ALNUM, 36),
                        "xoxb-" + random(rng, "0123456789", 12) + "-" + random(rng, ALNUM, 24),
                        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9." + random(rng, ALNUM, 43),
                        "ghk_" + random(rng, "0123456789abcdef", 16) + "_" + random(rng, ALNUM, 43),
                        random(rng, ALNUM, 16),
                        random(rng, ALNUM, 14) + "7",
                        random(rng, ALNUM + "+/", 256));
        clean = "{\"accounts\":[" + filler + "]," + filler.substring(0, dirty.length() - filler.length() - 16) + "}";
    }

    @Benchmark
    public String dirty() {
        return redactor.redact(dirty);
    }

    @Benchmark
    public String clean() {
        return redactor.redact(clean);
    }

    @Benchmark
    public SecretRedactor build() {
        return SecretRedactor.builder().secrets(secrets).build();
    }

    /** Size of the inputs, for turning operations per second into bytes per second. */
    public static void main(String[] args) {
        var bench = new RedactionBench();
        bench.setUp();
        System.out.println("dirty: " + bench.dirty.length() + " chars, clean: " + bench.clean.length() + " chars");
        System.out.println(bench.dirty());
    }

    private static String filler(Random rng) {
        var sb = new StringBuilder();
        for (int i = 0; i < 18; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":\"acc-")
                    .append(random(rng, "0123456789abcdef", 12))
                    .append("\",\"name\":\"Account number ")
                    .append(i)
                    .append(" of the northern region\",\"owner\":\"sales")
                    .append(i % 5)
                    .append("@example.com\",\"balance\":")
                    .append(rng.nextInt(100_000))
                    .append(",\"note\":\"Renewal due next quarter; call before the 15th.\"}");
        }
        return sb.toString();
    }

    private static String random(Random rng, String alphabet, int n) {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
