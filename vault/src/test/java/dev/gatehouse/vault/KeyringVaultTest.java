package dev.gatehouse.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS credential store backend against a real store: this machine's own when the test JVM can
 * reach one, else a GNOME Keyring in a private D-Bus session started for the test (dbus-run-session
 * and gnome-keyring-daemon, installed by .ci/install-test-deps), else skipped saying why.
 */
class KeyringVaultTest {

    @TempDir
    Path tmp;

    @Test
    void valuesRoundTripThroughTheOsCredentialStore() throws Exception {
        var probe = JavaKeyringStore.probe();
        probe.store().ifPresent(OsStore::close);
        if (probe.store().isPresent()) {
            KeyringRoundTrip.run(tmp.resolve("home"));
            return;
        }
        var dbus = onPath("dbus-run-session");
        var keyringDaemon = onPath("gnome-keyring-daemon");
        assumeTrue(
                dbus.isPresent() && keyringDaemon.isPresent(),
                "skipped: no OS credential store is reachable from this process (" + probe.whyNot()
                        + "), and dbus-run-session or gnome-keyring-daemon is not installed to start one");
        runInPrivateSession();
    }

    private void runInPrivateSession() throws Exception {
        var userHome = Files.createDirectories(tmp.resolve("user"));
        // The daemon prints the variables the client needs; an unlocked, throw-away login keyring
        // lives under the temporary HOME.
        var script = "eval \"$(printf pw | gnome-keyring-daemon --unlock --components=secrets)\" && exec \"$0\" \"$@\"";
        var pb = new ProcessBuilder(
                        "dbus-run-session",
                        "--",
                        "sh",
                        "-c",
                        script,
                        ProcessHandle.current().info().command().orElse("java"),
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dorg.sqlite.tmpdir="
                                + System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KeyringRoundTrip.class.getName(),
                        tmp.resolve("home").toString())
                .redirectErrorStream(true);
        pb.environment().put("HOME", userHome.toString());
        pb.environment().put("XDG_DATA_HOME", userHome.resolve("data").toString());
        pb.environment()
                .put(
                        "XDG_RUNTIME_DIR",
                        Files.createDirectories(userHome.resolve("run")).toString());
        pb.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        var process = pb.start();
        try {
            var output = new StringBuilder();
            var reader = Thread.ofVirtual().start(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    output.append(e);
                }
            });
            assertThat(process.waitFor(3, TimeUnit.MINUTES))
                    .as("the keyring child finished")
                    .isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(process.exitValue()).as(output.toString()).isZero();
            assertThat(output.toString()).contains("keyring round trip ok");
        } finally {
            process.destroyForcibly();
        }
    }

    private static Optional<Path> onPath(String command) {
        for (var dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir).resolve(command))) {
                return Optional.of(Path.of(dir).resolve(command));
            }
        }
        return Optional.empty();
    }
}
