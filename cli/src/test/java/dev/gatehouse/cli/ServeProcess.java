package dev.gatehouse.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code gatehouse serve} as a real child process on a temp home, bound to an ephemeral loopback
 * port, with its output captured. Stopping it sends SIGTERM, as an init system would.
 */
final class ServeProcess implements AutoCloseable {

    final Path home;
    final Process process;
    final List<String> out;
    final List<String> err;
    final String baseUrl;

    private final List<Thread> pumps;

    private ServeProcess(
            Path home, Process process, List<String> out, List<String> err, String baseUrl, List<Thread> pumps) {
        this.pumps = pumps;
        this.home = home;
        this.process = process;
        this.out = out;
        this.err = err;
        this.baseUrl = baseUrl;
    }

    /** Starts serve with this gatehouse.yaml (it should bind 127.0.0.1:0) and waits until it listens. */
    static ServeProcess start(Path home, String config) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("gatehouse.yaml"), config);
        var java = ProcessHandle.current().info().command().orElse("java");
        var pb = new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve");
        pb.environment().put("GATEHOUSE_HOME", home.toString());
        var process = pb.start();
        var out = new CopyOnWriteArrayList<String>();
        var err = new CopyOnWriteArrayList<String>();
        var pumps = List.of(pump(process.getInputStream(), out), pump(process.getErrorStream(), err));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String url = null;
        while (url == null && System.nanoTime() < deadline && process.isAlive()) {
            for (var line : out) {
                if (line.startsWith("Gatehouse is listening on ")) {
                    url = line.substring("Gatehouse is listening on ".length()).replace("/mcp", "");
                }
            }
            Thread.sleep(50);
        }
        if (url == null) {
            process.destroyForcibly();
            throw new IllegalStateException("serve did not start; stdout " + out + " stderr " + err);
        }
        return new ServeProcess(home, process, out, err, url, pumps);
    }

    private static Thread pump(java.io.InputStream in, List<String> sink) {
        return Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    String adminKey() {
        return out.stream()
                .map(String::strip)
                .filter(l -> l.startsWith("ghk_"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no admin key printed: " + out));
    }

    /** SIGTERM, then wait for a clean exit. */
    int stop() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its output pipes.
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("serve did not stop on SIGTERM");
        }
        for (var pump : pumps) {
            pump.join(TimeUnit.SECONDS.toMillis(10));
        }
        return process.exitValue();
    }

    List<String> allOutput() {
        var all = new ArrayList<String>(out);
        all.addAll(err);
        return all;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
