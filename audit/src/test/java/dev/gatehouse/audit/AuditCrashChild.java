package dev.gatehouse.audit;

import dev.gatehouse.api.audit.AuditEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Run in a child JVM by {@link AuditCrashTest}: appends from many threads until it is killed and
 * prints {@code ack <seq> <id> end} for each event once {@code append} has returned. Arguments: the
 * log's directory, the checkpoint key, the number of writer threads, and when the log acknowledges
 * ({@link AuditLogOptions.Acknowledge}).
 */
public final class AuditCrashChild {

    private AuditCrashChild() {}

    public static void main(String[] args) throws Exception {
        var dir = Path.of(args[0]);
        var key = Path.of(args[1]);
        int writers = Integer.parseInt(args[2]);
        var acknowledge = AuditLogOptions.Acknowledge.valueOf(args[3]);
        var options = AuditLogOptions.defaults()
                .withSegmentMaxBytes(32 * 1024)
                .withCheckpointEveryRecords(50)
                .withAcknowledge(acknowledge, java.time.Duration.ofMillis(10));
        var log = TamperEvidentAuditLog.open(dir, options, AuditFixtures.signer(key), Clock.systemUTC());
        PrintStream out = System.out;
        out.println("ready");
        out.flush();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread.ofPlatform().start(() -> {
                for (long i = 0; ; i++) {
                    var id = "w" + writer + "-" + i;
                    long seq = log.append(new AuditEvent(Instant.now(), "tool.call", "key:crash", Map.of("id", id)));
                    synchronized (out) {
                        out.println("ack " + seq + " " + id + " end");
                        out.flush();
                    }
                }
            });
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
