package dev.gatehouse.vault;

import static dev.gatehouse.vault.VaultFixture.reveal;
import static dev.gatehouse.vault.VaultFixture.secret;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers in one JVM and in several processes: every update lands, none is lost to a race. */
class VaultConcurrencyTest {

    @TempDir
    Path tmp;

    @Test
    void concurrentWritersOnThreadsLoseNoUpdate() throws Exception {
        var fixture = new VaultFixture(tmp.resolve("home"));
        int threads = 8;
        int each = 20;
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                var plugin = "plugin-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    // A vault per thread, as separate requests would open it.
                    try (var vault = fixture.open()) {
                        for (int i = 0; i < each; i++) {
                            vault.set(plugin, "K" + i, secret(plugin + "-" + i));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        }
        try (var vault = fixture.open()) {
            assertThat(vault.list()).hasSize(threads * each);
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < each; i++) {
                    assertThat(reveal(vault, "plugin-" + t, "K" + i)).isEqualTo("plugin-" + t + "-" + i);
                }
            }
        }
    }

    @Test
    void concurrentWritersInTwoProcessesAndThisOneLoseNoUpdate() throws Exception {
        var fixture = new VaultFixture(tmp.resolve("home"));
        int each = 30;
        var children = new ArrayList<Process>();
        for (var plugin : new String[] {"child-a", "child-b"}) {
            var pb = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-Dorg.sqlite.tmpdir="
                                    + System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")),
                            "-cp",
                            System.getProperty("java.class.path"),
                            VaultWriterProcess.class.getName(),
                            fixture.home.toString(),
                            plugin,
                            Integer.toString(each))
                    .redirectErrorStream(true);
            pb.environment().put("GATEHOUSE_MASTER_KEY", fixture.masterKey);
            children.add(pb.start());
        }
        try (var vault = fixture.open()) {
            for (int i = 0; i < each; i++) {
                vault.set("parent", "K" + i, secret("parent-" + i));
            }
        }
        for (var child : children) {
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
            var output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).contains("wrote " + each);
        }
        try (var vault = fixture.open()) {
            assertThat(vault.list()).hasSize(3 * each);
            for (var plugin : new String[] {"child-a", "child-b", "parent"}) {
                for (int i = 0; i < each; i++) {
                    assertThat(reveal(vault, plugin, "K" + i)).isEqualTo(plugin + "-" + i);
                }
            }
        }
    }
}
