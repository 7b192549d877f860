package dev.gatehouse.audit;

import static dev.gatehouse.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.audit.AuditLogOptions.Acknowledge;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code audit.acknowledge: written}: an append returns once its record is written to the operating
 * system, callers write for each other, and the log's thread fsyncs within the interval. What a
 * SIGKILL leaves is attacked in {@link AuditCrashTest}, for both modes.
 */
class WrittenAcknowledgeTest {

    @TempDir
    Path tmp;

    Path dir() {
        return tmp.resolve("audit");
    }

    CheckpointSigner signer() {
        return AuditFixtures.signer(tmp.resolve("keys/checkpoint"));
    }

    TamperEvidentAuditLog open(AuditLogOptions options) {
        return TamperEvidentAuditLog.open(dir(), options, signer(), Clock.systemUTC());
    }

    static AuditLogOptions written(Duration interval) {
        return AuditLogOptions.defaults().withAcknowledge(Acknowledge.WRITTEN, interval);
    }

    /** Waits, 20 s at most, for an fsync after the {@code fsyncs} counted so far, and insists on it. */
    static void awaitFsync(TamperEvidentAuditLog log, long fsyncs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (log.stats().fsyncs() == fsyncs && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(log.stats().fsyncs())
                .as("the log's thread fsyncs the written record")
                .isGreaterThan(fsyncs);
    }

    @Test
    void anAppendReturnsOnceWrittenAndItsFsyncFollowsWithinTheInterval() throws Exception {
        try (var log = open(written(Duration.ofMillis(50)))) {
            // The first write allocates the segment's zeros and fsyncs them; the second is a plain write.
            assertThat(log.append(event(1))).isEqualTo(1);
            awaitFsync(log, log.stats().fsyncs());
            long fsyncs = log.stats().fsyncs();
            assertThat(log.append(event(2))).isEqualTo(2);
            // Read behind the log's back: the record is the operating system's once append returns.
            assertThat(AuditFixtures.dataLines(AuditFixtures.segments(dir()).getLast()))
                    .hasSize(2)
                    .last()
                    .asString()
                    .contains("\"seq\":2");
            awaitFsync(log, fsyncs);
        }
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }

    @Test
    void callsDoNotEachWaitForAnFsyncAsTheyDoWhenDurable() {
        int appends = 200;
        long writtenFsyncs;
        try (var log = open(written(Duration.ofSeconds(1)))) {
            long before = log.stats().fsyncs();
            for (int i = 0; i < appends; i++) {
                log.append(event(i));
            }
            writtenFsyncs = log.stats().fsyncs() - before;
        }
        long durableFsyncs;
        try (var log = open(AuditLogOptions.defaults())) {
            long before = log.stats().fsyncs();
            for (int i = 0; i < appends; i++) {
                log.append(event(i));
            }
            durableFsyncs = log.stats().fsyncs() - before;
        }
        assertThat(durableFsyncs).isGreaterThanOrEqualTo(appends);
        // One a second from the log's thread, and one per MiB of zeros allocated ahead.
        assertThat(writtenFsyncs).isLessThan(appends / 10);
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }

    @Test
    void concurrentVirtualThreadsWriteForEachOtherAndEveryAcknowledgedRecordIsThere() throws Exception {
        int writers = 64;
        int each = 100;
        var acknowledged = ConcurrentHashMap.<Long>newKeySet();
        try (var log = open(written(Duration.ofMillis(10)).withSegmentMaxBytes(256 * 1024));
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            AuditFixtures.appendFromAll(log, pool, writers, each, acknowledged);
            var stats = log.stats();
            assertThat(stats.records()).isEqualTo(writers * each);
            assertThat(stats.rotations()).as("the callers rotated segments too").isPositive();
        }
        assertThat(acknowledged).hasSize(writers * each);
        var stored = new HashSet<Long>();
        AuditReader.forEach(dir(), e -> stored.add(e.sequence()));
        assertThat(stored).containsAll(acknowledged);
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }

    @Test
    void callersGoOnWritingWhileTheLogsThreadWaitsForTheDisk() throws Exception {
        var inFsync = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        TamperEvidentAuditLog.SegmentSync held = channel -> {
            inFsync.countDown();
            awaitUninterruptibly(release);
            channel.force(false);
        };
        int more = 50;
        try (var log = TamperEvidentAuditLog.open(
                        dir(), written(Duration.ofMillis(1)), signer(), Clock.systemUTC(), held);
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            log.append(event(0));
            assertThat(inFsync.await(20, TimeUnit.SECONDS))
                    .as("the log's thread fsyncs the first write")
                    .isTrue();
            // The disk "takes" as long as the test likes: appends must not wait for it. The bound only
            // keeps a broken log from hanging the build; it is no measure of speed.
            long fsyncs = log.stats().fsyncs();
            try {
                var appended = pool.submit(() -> {
                    for (int i = 1; i <= more; i++) {
                        log.append(event(i));
                    }
                    return AuditFixtures.dataLines(AuditFixtures.segments(dir()).getLast());
                });
                assertThat(appended.get(20, TimeUnit.SECONDS))
                        .as("written while the fsync is still held")
                        .hasSize(more + 1);
            } finally {
                // Also when the appends are stuck behind the fsync: they finish, and the log closes.
                release.countDown();
            }
            awaitFsync(log, fsyncs);
        }
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }

    @Test
    void aSegmentSealedUnderTheLogsThreadsFsyncIsNoFailure() throws Exception {
        var inFsync = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var closedUnderIt = new AtomicBoolean();
        TamperEvidentAuditLog.SegmentSync heldOnce = channel -> {
            if (inFsync.getCount() > 0) {
                inFsync.countDown();
                awaitUninterruptibly(release);
            }
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                closedUnderIt.set(true);
                throw e;
            }
        };
        var acknowledged = ConcurrentHashMap.<Long>newKeySet();
        try (var log = TamperEvidentAuditLog.open(
                        dir(),
                        written(Duration.ofMillis(1)).withSegmentMaxBytes(1024),
                        signer(),
                        Clock.systemUTC(),
                        heldOnce);
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            acknowledged.add(log.append(event(0)));
            assertThat(inFsync.await(20, TimeUnit.SECONDS)).isTrue();
            long fsyncs;
            try {
                // Rotations seal (fsync) and close the segment whose channel the log's thread holds.
                pool.submit(() -> {
                            for (int i = 1; i <= 20; i++) {
                                acknowledged.add(log.append(event(i)));
                            }
                        })
                        .get(20, TimeUnit.SECONDS);
                assertThat(log.stats().rotations()).isPositive();
                fsyncs = log.stats().fsyncs();
            } finally {
                release.countDown();
            }
            for (int i = 21; i <= 40; i++) {
                acknowledged.add(log.append(event(i)));
            }
            awaitFsync(log, fsyncs);
            acknowledged.add(log.append(event(41)));
        }
        assertThat(closedUnderIt).as("the held fsync met a closed channel").isTrue();
        var stored = new HashSet<Long>();
        AuditReader.forEach(dir(), e -> stored.add(e.sequence()));
        assertThat(stored).containsAll(acknowledged).hasSizeGreaterThanOrEqualTo(42);
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @EnumSource(Acknowledge.class)
    void anInterruptedCallerStillHasItsEventWrittenKeepsItsFlagAndTheLogGoesOn(Acknowledge acknowledge) {
        try (var log = open(AuditLogOptions.defaults().withAcknowledge(acknowledge, Duration.ofMillis(10)))) {
            Thread.currentThread().interrupt();
            assertThat(log.append(event(1))).isEqualTo(1);
            assertThat(Thread.interrupted()).as("the flag is set again").isTrue();
            assertThat(log.append(event(2))).isEqualTo(2);
        }
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }

    @Test
    void aCallerInterruptedOverAndOverWhileItsRecordsStartNewSegmentsStillHasThemWritten() throws Exception {
        // Tiny segments, so the caller's own appends rotate, and the new segment's directory entry
        // can only be fsync'd through a channel, which an interrupt of the thread in it closes.
        // Another thread interrupts the caller without pause the whole time.
        var options = written(Duration.ofMillis(10)).withSegmentMaxBytes(1024);
        int appends = 200;
        var acknowledged = new HashSet<Long>();
        try (var log = open(options)) {
            var caller = Thread.currentThread();
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var interrupter = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    caller.interrupt();
                }
            });
            try {
                for (int i = 0; i < appends; i++) {
                    acknowledged.add(log.append(event(i)));
                }
            } finally {
                stop.set(true);
                while (interrupter.isAlive()) {
                    try {
                        interrupter.join();
                    } catch (InterruptedException stillComing) {
                        // its last interrupts may land here
                    }
                }
                Thread.interrupted();
            }
        }
        assertThat(acknowledged).hasSize(appends);
        assertThat(Segments.list(dir())).hasSizeGreaterThan(appends / 10);
        var stored = new HashSet<Long>();
        AuditReader.forEach(dir(), e -> stored.add(e.sequence()));
        assertThat(stored).containsAll(acknowledged);
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }

    @Test
    void writtenButUnsyncedLinesStayWithinTheWindowThatRecoveryCuts() {
        // One event per commit and no fsync from the log's thread for a second: the bound alone syncs.
        var options = written(Duration.ofSeconds(1)).withMaxBatch(1);
        int window = ChainWriter.maxLinesPerCommit(options);
        int appends = 30;
        try (var log = open(options)) {
            long before = log.stats().fsyncs();
            for (int i = 0; i < appends; i++) {
                log.append(event(i));
            }
            assertThat(log.stats().fsyncs() - before).isGreaterThanOrEqualTo(appends / window - 1);
        }
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }

    @Test
    void closingFsyncsWhatWasWrittenEvenWithNoPaddingToCut() {
        // Without zeros ahead there is nothing to cut on close: the fsync must come anyway.
        var options = written(Duration.ofSeconds(1)).withPreallocateBytes(0);
        TamperEvidentAuditLog closed;
        long before;
        try (var log = open(options)) {
            closed = log;
            for (int i = 0; i < 5; i++) {
                log.append(event(i));
            }
            before = log.stats().fsyncs();
        }
        assertThat(closed.stats().fsyncs()).isGreaterThan(before);
        try (var log = open(AuditLogOptions.defaults())) {
            assertThat(log.append(event(6))).isGreaterThan(5);
        }
        assertThat(AuditVerifier.verify(dir(), signer().publicKey()).problem()).isEmpty();
    }
}
