package dev.gatehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A child JVM appends from many threads and is killed with SIGKILL at a random moment, again and
 * again. After each kill, every event the child saw acknowledged is in the log, the chain verifies,
 * and any torn tail is announced by an {@code audit.recovered} record.
 */
class AuditCrashTest {

    private static final int ROUNDS = 15;
    private static final Pattern ACK = Pattern.compile("ack (\\d+) (w\\d+-\\d+) end");

    @TempDir
    Path tmp;

    /**
     * A SIGKILL kills the process, not the operating system: what the log acknowledged survives in
     * both modes, since a written record is already the kernel's, fsync'd or not.
     */
    @ParameterizedTest
    @EnumSource(AuditLogOptions.Acknowledge.class)
    void everyAcknowledgedEventSurvivesSigkillAndTheChainVerifies(AuditLogOptions.Acknowledge acknowledge)
            throws Exception {
        long seed = Long.getLong("gatehouse.crash.seed", System.nanoTime());
        var random = new Random(seed);
        var dir = tmp.resolve("audit");
        var key = tmp.resolve("checkpoint");
        var signer = AuditFixtures.signer(key);
        long totalAcks = 0;
        int tornTails = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            var context = acknowledge + ", seed " + seed + ", round " + round;
            int killAfterMillis = random.nextInt(400);
            var acks = runAndKill(dir, key, acknowledge, killAfterMillis, context);
            totalAcks += acks.size();
            boolean torn = endsTorn(dir);
            long before = lastSequence(dir);

            try (var log = TamperEvidentAuditLog.open(dir, AuditLogOptions.defaults(), signer, Clock.systemUTC())) {
                assertThat(log.stats().records()).isZero();
            }
            var stored = new HashMap<Long, String>();
            var recoveredAfter = new java.util.ArrayList<String>();
            AuditReader.forEach(dir, e -> {
                stored.put(e.sequence(), e.field("id"));
                if (e.type().equals("audit.recovered") && e.sequence() > before) {
                    recoveredAfter.add(e.field("reason"));
                }
            });
            for (var ack : acks.entrySet()) {
                assertThat(stored.get(ack.getKey()))
                        .as("acknowledged record %d (%s), %s", ack.getKey(), ack.getValue(), context)
                        .isEqualTo(ack.getValue());
            }
            var report = AuditVerifier.verify(dir, signer.publicKey());
            assertThat(report.problem()).as(context).isEmpty();
            if (torn) {
                tornTails++;
                assertThat(recoveredAfter)
                        .as("a torn tail is recorded, " + context)
                        .contains("torn_tail");
            }
        }
        assertThat(totalAcks)
                .as("the child acknowledged events (seed " + seed + ")")
                .isPositive();
        System.out.printf(
                "crash test (%s): seed %d, %d rounds, %d acknowledged events, %d torn tails%n",
                acknowledge, seed, ROUNDS, totalAcks, tornTails);
    }

    private Map<Long, String> runAndKill(
            Path dir, Path key, AuditLogOptions.Acknowledge acknowledge, int killAfterMillis, String context)
            throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        AuditCrashChild.class.getName(),
                        dir.toString(),
                        key.toString(),
                        "32",
                        acknowledge.name())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        var acks = new ConcurrentHashMap<Long, String>();
        var ready = new java.util.concurrent.CountDownLatch(1);
        var reader = Thread.ofPlatform().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    var m = ACK.matcher(line);
                    if (m.matches()) {
                        acks.put(Long.parseLong(m.group(1)), m.group(2));
                        ready.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // The pipe breaks when the child dies; what was read so far counts.
            }
        });
        try {
            assertThat(ready.await(30, TimeUnit.SECONDS))
                    .as("the child acknowledges events, " + context)
                    .isTrue();
            Thread.sleep(killAfterMillis);
        } finally {
            // SIGKILL through the handle: Process.destroy() would close our end of the pipes first.
            process.toHandle().destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(context).isTrue();
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return Map.copyOf(acks);
    }

    private static boolean endsTorn(Path dir) throws Exception {
        List<Path> segments = AuditFixtures.segments(dir);
        // The writer keeps NUL padding after the records; a torn write ends before it.
        var bytes = Files.readAllBytes(segments.getLast());
        int end = AuditFixtures.dataEnd(bytes);
        return end > 0 && bytes[end - 1] != '\n';
    }

    private static long lastSequence(Path dir) {
        var last = AuditReader.last(dir, 1);
        return last.isEmpty() ? 0 : last.getFirst().sequence();
    }
}
