package dev.gatehouse.sandbox.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A plugin run's own control groups (cgroup v1, as mounted on the machines Gatehouse runs on): one
 * under the {@code pids} controller, which caps its tasks (processes and their threads), and one
 * under {@code memory}, whose limit the kernel holds by killing inside the group. The sandbox's
 * launcher joins both before it starts bubblewrap, so everything the plugin ever starts is counted,
 * and {@link #close} kills what is left and removes the groups. Rlimits cannot do this when
 * Gatehouse runs as root: the sandbox's uid maps to root, and {@code RLIMIT_NPROC} does not hold.
 */
final class PluginCgroup implements AutoCloseable {

    static final Path ROOT = Path.of("/sys/fs/cgroup");

    /** The threads one declared process may run: a Node server runs about ten, a JVM a few dozen. */
    static final int TASKS_PER_PROCESS = 64;

    /** bubblewrap itself: the launcher it became, and the reaper that is pid 1 inside. */
    static final int SANDBOX_TASKS = 2;

    private final Path pids;
    private final Path memory;

    private PluginCgroup(Path pids, Path memory) {
        this.pids = pids;
        this.memory = memory;
    }

    /** Why limits cannot be enforced here, or null when they can. */
    static String unavailable() {
        for (var controller : List.of("pids", "memory")) {
            var dir = ROOT.resolve(controller);
            if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
                return "plugin limits cannot be enforced: the cgroup v1 '" + controller + "' controller at " + dir
                        + " is missing or not writable (Gatehouse runs process plugins only where it can hold"
                        + " them to their memory and process limits; run it as root)";
            }
        }
        return null;
    }

    /**
     * New groups for one run of {@code plugin}.
     *
     * @param processes the manifest's process limit; the task limit allows {@link #TASKS_PER_PROCESS} each
     * @param memoryMb the manifest's memory limit
     */
    static PluginCgroup create(String plugin, int processes, int memoryMb) throws SandboxUnavailable {
        var why = unavailable();
        if (why != null) {
            throw new SandboxUnavailable(why);
        }
        var name = plugin + "-" + UUID.randomUUID();
        var pids = ROOT.resolve("pids/gatehouse").resolve(name);
        var memory = ROOT.resolve("memory/gatehouse").resolve(name);
        try {
            Files.createDirectories(pids);
            Files.createDirectories(memory);
            write(pids.resolve("pids.max"), String.valueOf(maxTasks(processes)));
            write(memory.resolve("memory.limit_in_bytes"), String.valueOf(memoryMb * 1024L * 1024L));
        } catch (IOException e) {
            removeQuietly(pids);
            removeQuietly(memory);
            throw new SandboxUnavailable("cannot create the control groups of " + plugin + ": " + e.getMessage());
        }
        return new PluginCgroup(pids, memory);
    }

    static int maxTasks(int processes) {
        return Math.max(1, processes) * TASKS_PER_PROCESS + SANDBOX_TASKS;
    }

    /** The files the launcher writes its pid into, to join the groups before it execs bubblewrap. */
    List<Path> joinFiles() {
        return List.of(pids.resolve("cgroup.procs"), memory.resolve("cgroup.procs"));
    }

    /** Tasks in the group now. */
    int tasks() {
        return Integer.parseInt(read(pids.resolve("pids.current")).strip());
    }

    int maxTasks() {
        return Integer.parseInt(read(pids.resolve("pids.max")).strip());
    }

    /** How often the memory limit was hit. */
    long memoryFailures() {
        return Long.parseLong(read(memory.resolve("memory.failcnt")).strip());
    }

    /** Kills everything still in the groups, waits (bounded) until they are empty, and removes them. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            var left = members();
            if (left.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        removeQuietly(pids);
        removeQuietly(memory);
    }

    private List<Long> members() {
        var all = new java.util.TreeSet<Long>();
        for (var file : joinFiles()) {
            if (Files.exists(file)) {
                read(file)
                        .lines()
                        .filter(l -> !l.isBlank())
                        .map(Long::parseLong)
                        .forEach(all::add);
            }
        }
        return List.copyOf(all);
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A group directory goes with rmdir once empty; its control files go with it. */
    private static void removeQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Still busy: the kernel keeps it until its last task is gone; nothing to leak but a name.
        }
    }
}
