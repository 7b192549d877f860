package dev.gatehouse.sandbox.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The bubblewrap command line for one sandboxed plugin: every namespace new (mount, pid, ipc, uts,
 * network, user), an unprivileged uid and gid with no capabilities (bubblewrap started by root keeps
 * almost all of them otherwise), no new user namespaces inside, the system read-only, the plugin's
 * tree read-only, its state directory writable, private {@code /tmp} and {@code /dev}. Nothing of
 * {@code $HOME} or {@code $GATEHOUSE_HOME} is mounted unless the spec names it. The environment is
 * {@link #environment}, set on the launcher, so no value (a secret among them) is ever in argv.
 */
public final class Bubblewrap {

    /** The uid and gid the plugin runs as inside (and, for root, outside): {@code nobody}. */
    public static final int UNPRIVILEGED = 65534;

    /** The system directories mounted read-only; those missing on this machine are left out. */
    static final List<String> SYSTEM = List.of("/usr", "/etc", "/opt");

    /** What the plugin finds on its PATH. */
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /** The descriptor bubblewrap reads the seccomp program from; the launcher opens it. */
    static final int SECCOMP_FD = 3;

    private final Path binary;

    private Bubblewrap(Path binary) {
        this.binary = binary;
    }

    /** bubblewrap on this PATH, or why it cannot be used, in words that say how to fix it. */
    public static Bubblewrap locate(String searchPath) throws SandboxUnavailable {
        for (var dir : searchPath.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            var candidate = Path.of(dir).resolve("bwrap");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new Bubblewrap(candidate);
            }
        }
        throw new SandboxUnavailable("the process tier needs bubblewrap (bwrap), which is not on PATH:"
                + " install the 'bubblewrap' package");
    }

    public Path binary() {
        return binary;
    }

    /**
     * The whole argv: a shell opens the seccomp program on descriptor 3 and execs bubblewrap,
     * which installs it just before it starts the plugin. Java cannot hand a child an extra
     * descriptor any other way.
     *
     * @param seccompProgram a file holding the program ({@link SeccompFilter}); it may be removed
     *     once the plugin has started
     */
    public List<String> argv(SandboxSpec spec, Path seccompProgram) {
        return argv(spec, seccompProgram, List.of());
    }

    /**
     * @param joinGroups {@code cgroup.procs} files the launcher writes its own pid into before it
     *     execs bubblewrap, so the plugin and everything it starts are in those control groups
     */
    List<String> argv(SandboxSpec spec, Path seccompProgram, List<Path> joinGroups) {
        var argv = new ArrayList<String>();
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add("exec " + SECCOMP_FD + "<\"$1\" || exit 126; shift; n=" + joinGroups.size()
                + "; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n - 1)); done; "
                + unsetInherited(spec) + "exec \"$@\"");
        argv.add("gatehouse-sandbox");
        argv.add(seccompProgram.toString());
        joinGroups.forEach(g -> argv.add(g.toString()));
        argv.add(binary.toString());
        argv.addAll(bwrapArguments(spec));
        argv.add("--seccomp");
        argv.add(String.valueOf(SECCOMP_FD));
        argv.add("--");
        argv.addAll(spec.command());
        return List.copyOf(argv);
    }

    /**
     * Variables the MCP SDK's stdio transport copies from Gatehouse's own environment into every
     * server's (on Linux: HOME, LOGNAME, PATH, SHELL, TERM, USER). HOME and PATH are set here;
     * the others are removed unless the plugin declared them.
     */
    static final List<String> SDK_INHERITED = List.of("LOGNAME", "SHELL", "TERM", "USER");

    private static String unsetInherited(SandboxSpec spec) {
        var names =
                SDK_INHERITED.stream().filter(n -> !spec.env().containsKey(n)).toList();
        return names.isEmpty() ? "" : "unset " + String.join(" ", names) + "; ";
    }

    /** bubblewrap's own arguments, without the seccomp descriptor and the command. */
    List<String> bwrapArguments(SandboxSpec spec) {
        var a = new ArrayList<String>();
        // A new network namespace always: only loopback, and nothing listening. A plugin that
        // declares hosts will reach them through the egress proxy's socket bridged in here (not yet
        // built: until then it has no network either, which fails closed).
        a.add("--unshare-all");
        a.addAll(List.of(
                "--unshare-user", "--uid", String.valueOf(UNPRIVILEGED), "--gid", String.valueOf(UNPRIVILEGED)));
        a.addAll(List.of("--disable-userns", "--die-with-parent", "--new-session", "--cap-drop", "ALL"));
        for (var dir : SYSTEM) {
            if (Files.isDirectory(Path.of(dir))) {
                a.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        // Debian's merged /usr: /bin, /lib, /lib64 and /sbin are links into it.
        for (var link : List.of("bin", "lib", "lib64", "sbin")) {
            var path = Path.of("/" + link);
            if (Files.isSymbolicLink(path)) {
                a.addAll(List.of("--symlink", "usr/" + link, "/" + link));
            } else if (Files.isDirectory(path)) {
                a.addAll(List.of("--ro-bind", "/" + link, "/" + link));
            }
        }
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        for (var p : spec.readPaths()) {
            a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        a.addAll(List.of("--ro-bind", spec.tree().toString(), spec.tree().toString()));
        a.addAll(List.of("--bind", spec.stateDir().toString(), spec.stateDir().toString()));
        for (var p : spec.writePaths()) {
            a.addAll(List.of("--bind", p.toString(), p.toString()));
        }
        a.addAll(List.of("--chdir", spec.stateDir().toString()));
        return a;
    }

    /**
     * The whole environment of the launcher, which bubblewrap hands on to the plugin: the spec's,
     * with PATH, LANG and HOME. Set it on a cleared environment; it never goes through argv, which
     * every user of the machine can read in {@code /proc/PID/cmdline}.
     */
    public static java.util.Map<String, String> environment(SandboxSpec spec) {
        var env = new TreeMap<>(spec.env());
        env.put("PATH", PATH);
        env.put("LANG", "C.UTF-8");
        env.put("HOME", spec.stateDir().toString());
        return java.util.Collections.unmodifiableMap(env);
    }
}
