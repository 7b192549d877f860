package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.config.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Real logs in temp dirs, and an attacker's tools for editing them. */
final class AuditFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private AuditFixtures() {}

    /**
     * {@code writers} tasks on {@code pool}, released together, each appending {@code each} events;
     * every acknowledged sequence number goes into {@code acknowledged}. Returns once all finished,
     * and shuts the pool down.
     */
    static void appendFromAll(
            TamperEvidentAuditLog log,
            java.util.concurrent.ExecutorService pool,
            int writers,
            int each,
            java.util.Set<Long> acknowledged)
            throws InterruptedException {
        var start = new java.util.concurrent.CountDownLatch(1);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    acknowledged.add(log.append(event(writer * each + i)));
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
    }

    static CheckpointSigner signer(Path keyFile) {
        return FileCheckpointKey.loadOrCreate(keyFile, new SecureRandom());
    }

    static AuditEvent event(int i) {
        return new AuditEvent(
                Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i),
                i % 3 == 0 ? "auth.failure" : "tool.call",
                i % 2 == 0 ? "key:alice" : "key:bob",
                Map.of("tool", "files_read", "outcome", i % 5 == 0 ? "error" : "ok", "n", i, "scopes", List.of("a:b")));
    }

    /**
     * Writes events {@code 1..count} to a log of small segments (4 KiB) with a checkpoint every 10
     * records, and closes it.
     *
     * @return each event's sequence number, by event number
     */
    static long[] writeSmallSegments(Path dir, CheckpointSigner signer, int count, IntFunction<AuditEvent> event) {
        var options = AuditLogOptions.defaults().withCheckpointEveryRecords(10).withSegmentMaxBytes(4096);
        var seqs = new long[count + 1];
        try (var log = TamperEvidentAuditLog.open(dir, options, signer, Clock.systemUTC())) {
            for (int i = 1; i <= count; i++) {
                seqs[i] = log.append(event.apply(i));
            }
        }
        return seqs;
    }

    /** Every record line of every segment, in order, with where it lives. */
    record Stored(Path segment, int index, String line) {
        long seq() {
            try {
                return JSON.readTree(line).get("seq").asLong();
            } catch (IOException e) {
                return -1;
            }
        }

        /** The record as it was hashed: the line without its hash field. */
        String body() {
            return line.substring(0, line.length() - RecordCodec.SUFFIX) + "}";
        }
    }

    static List<Path> segments(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("audit-\\d{20}\\.jsonl"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Where the data in {@code bytes} ends: before the NUL padding the writer keeps after its records,
     * found independently of the code under test.
     */
    static int dataEnd(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    /** The complete lines of a segment that may still be written: its bytes up to its padding. */
    static List<String> dataLines(Path segment) throws IOException {
        var bytes = Files.readAllBytes(segment);
        var text = new String(bytes, 0, dataEnd(bytes), StandardCharsets.UTF_8);
        var lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.removeLast(); // what follows the last newline: nothing, or a line being written
        return lines;
    }

    /** How many NUL bytes end the file. */
    static long padding(Path segment) throws IOException {
        var bytes = Files.readAllBytes(segment);
        return bytes.length - dataEnd(bytes);
    }

    static List<Stored> lines(Path dir) throws IOException {
        var out = new ArrayList<Stored>();
        for (var segment : segments(dir)) {
            var lines = Files.readAllLines(segment, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                out.add(new Stored(segment, i, lines.get(i)));
            }
        }
        return out;
    }

    static Stored line(Path dir, long seq) throws IOException {
        return lines(dir).stream().filter(s -> s.seq() == seq).findFirst().orElseThrow();
    }

    static void rewrite(Path segment, java.util.function.UnaryOperator<List<String>> edit) throws IOException {
        var lines = new ArrayList<>(Files.readAllLines(segment, StandardCharsets.UTF_8));
        var edited = edit.apply(lines);
        Files.writeString(segment, String.join("\n", edited) + (edited.isEmpty() ? "" : "\n"));
    }

    /** Puts {@code line} in the place of {@code target} in its segment. */
    static void replace(Stored target, String line) throws IOException {
        rewrite(target.segment(), lines -> {
            lines.set(target.index(), line);
            return lines;
        });
    }

    /**
     * The hash of a record recomputed independently of the writer: canonical JSON (sorted keys, no
     * white space) of the record without its hash, then SHA-256.
     */
    static String recomputedHash(String line) throws Exception {
        var node = (ObjectNode) JSON.readTree(line);
        node.remove("hash");
        var body = CanonicalJson.write(node).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    /** Re-serialises a record tree with a freshly computed hash, as an attacker rewriting history would. */
    static String withHash(ObjectNode node) throws Exception {
        node.remove("hash");
        var body = CanonicalJson.write(node);
        var hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        return body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}";
    }

    /** A record line for {@code body} with its hash computed over exactly those bytes, canonical or not. */
    static String rehashedLine(String body) throws Exception {
        return new String(RecordCodecTest.rehashed(body), StandardCharsets.UTF_8).strip();
    }

    /**
     * The checkpoint {@code target} signed again by {@code forger} for its place in the chain, its
     * hash recomputed: what someone holding the file but not the trusted key can write.
     */
    static String resignedCheckpoint(Stored target, CheckpointSigner forger) throws Exception {
        var node = (ObjectNode) JSON.readTree(target.line());
        assertThat(node.get("type").asText()).isEqualTo(Checkpoints.TYPE);
        var payload = Checkpoints.payload(
                node.get("seq").asLong() - 1,
                node.get("prev").asText(),
                node.get("time").asText());
        ((ObjectNode) node.get("fields")).put("signature", Base64.getEncoder().encodeToString(forger.sign(payload)));
        return withHash(node);
    }
}
