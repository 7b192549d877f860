package dev.gatehouse.audit;

import static dev.gatehouse.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.vault.VaultConfig;
import dev.gatehouse.vault.VaultEnvironment;
import dev.gatehouse.vault.Vaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that finds the log held by another (a CLI command while {@code serve} runs) spools its
 * events, fsync'd and owner-only, to {@code audit/inbox/}; the holder chains them in, marked as
 * spooled, and removes what it chained.
 */
class AuditInboxTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondOpenerSpoolsAndTheHolderChainsItsEventsIn() throws Exception {
        var home = new GatehouseHome(tmp.resolve("home"));
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        var env = new VaultEnvironment(Optional.of(HexFormat.of().formatHex(key)), new SecureRandom(), false, n -> {});
        var auditDir = home.root().resolve("audit");
        try (var vault = Vaults.open(home, new VaultConfig(VaultConfig.Backend.FILE), env);
                var holder = AuditLogs.open(auditDir, vault, AuditConfig.defaults(), Clock.systemUTC())) {
            holder.record(event(1));
            try (var other = AuditLogs.open(auditDir, vault, AuditConfig.defaults(), Clock.systemUTC())) {
                other.record(event(2));
                other.record(event(4));
                assertThat(other.drainInbox()).isZero();
            }
            var inbox = auditDir.resolve("inbox");
            try (Stream<Path> files = Files.list(inbox)) {
                // One file per event, each whole and owner-only from the moment it can be seen.
                assertThat(files.toList()).hasSize(2).allSatisfy(f -> assertThat(
                                PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .isEqualTo("rw-------"));
            }

            assertThat(holder.drainInbox()).isEqualTo(2);
            try (Stream<Path> files = Files.list(inbox)) {
                assertThat(files.toList()).isEmpty();
            }
            assertThat(holder.drainInbox()).isZero();
        }
        var lines = Files.readAllLines(AuditFixtures.segments(auditDir).getFirst());
        assertThat(lines.stream().filter(l -> l.contains("\"spooled\":true"))).hasSize(2);
        assertThat(lines.stream().filter(l -> l.contains("\"n\":2") || l.contains("\"n\":4")))
                .allSatisfy(l -> assertThat(l).contains("\"spooled\":true"))
                .hasSize(2);
        var report = AuditVerifier.verify(
                auditDir, FileCheckpointKey.readPublicKey(auditDir.resolve(VaultCheckpointKey.PUBLIC_KEY_FILE)));
        assertThat(report.problem()).isEmpty();
    }

    @Test
    void aWriterSpoolingWhileTheHolderDrainsLosesNothingAndNeverFails() throws Exception {
        var auditDir = tmp.resolve("audit-race");
        var chained = new java.util.concurrent.CopyOnWriteArrayList<dev.gatehouse.api.audit.AuditEvent>();
        var inbox = new AuditInbox(auditDir);
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        // The holder claims (renames) the spool file whenever it likes, as serve does every second.
        var drainer = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                AuditInbox.drainInto(auditDir, chained::add, Clock.systemUTC());
            }
        });
        try {
            for (int i = 0; i < 300; i++) {
                inbox.record(event(i));
            }
        } finally {
            done.set(true);
            drainer.join();
        }
        AuditInbox.drainInto(auditDir, chained::add, Clock.systemUTC());
        assertThat(chained).hasSize(300);
    }

    @Test
    void aLineDroppedIntoTheInboxIsChainedAsReceivedNowWithTheTimeItClaimsBesideIt() throws Exception {
        var auditDir = tmp.resolve("audit");
        var received = java.time.Instant.parse("2026-12-06T12:00:00Z");
        var clock = Clock.fixed(received, java.time.ZoneOffset.UTC);
        Files.createDirectories(auditDir.resolve("inbox"));
        // Someone with file access claims an old time and another principal, and adds garbage.
        Files.writeString(
                auditDir.resolve("inbox/1-planted.jsonl"),
                "{\"time\":\"2020-01-01T00:00:00Z\",\"type\":\"tool.call\",\"principal\":\"key:ceo\","
                        + "\"fields\":{\"tool\":\"files_delete\"}}\n"
                        + "not json at all\n"
                        + "{\"time\":7,\"type\":\"x\"}\n");
        var sink = new java.util.ArrayList<dev.gatehouse.api.audit.AuditEvent>();
        var chained = AuditInbox.drainInto(
                auditDir,
                new dev.gatehouse.api.audit.AuditSink() {
                    @Override
                    public void record(dev.gatehouse.api.audit.AuditEvent event) {
                        sink.add(event);
                    }
                },
                clock);
        assertThat(chained).isEqualTo(3);
        var planted = sink.getFirst();
        assertThat(planted.time()).isEqualTo(received);
        assertThat(planted.principal()).isEqualTo("key:ceo");
        assertThat(planted.fields())
                .containsEntry("spooled", true)
                .containsEntry("claimed_time", "2020-01-01T00:00:00Z")
                .containsEntry("spool", "1-planted.jsonl.draining");
        assertThat(sink.subList(1, 3)).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("audit.inbox_malformed");
            assertThat(e.time()).isEqualTo(received);
            assertThat(e.fields()).containsKeys("sha256", "chars").doesNotContainValue("not json at all");
        });
        try (Stream<Path> files = Files.list(auditDir.resolve("inbox"))) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
