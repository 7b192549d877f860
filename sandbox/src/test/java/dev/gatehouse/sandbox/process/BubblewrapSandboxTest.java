package dev.gatehouse.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process sandbox against the real bubblewrap (installed by .ci/install-test-deps), started the
 * way the process tier starts it, as root in CI: each attack runs inside and must fail there.
 */
class BubblewrapSandboxTest {

    static final String CANARY = "CANARY-sandbox-env-4c1d9e";

    static Bubblewrap bwrap;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() throws SandboxUnavailable {
        // Not a skip: the suite's dependencies include bubblewrap, and a missing one must fail loudly.
        bwrap = Bubblewrap.locate(System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    record Ran(int exit, String out, String err, List<String> argv) {}

    /** Runs a Perl script as the plugin (Perl is in every Debian base system), in a sandbox of {@code spec}. */
    Ran run(SandboxSpec spec) throws IOException, InterruptedException {
        var program = tmp.resolve("seccomp.bpf");
        Files.write(program, SeccompFilter.forThisMachine().orElseThrow());
        var argv = bwrap.argv(spec, program);
        var builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(Bubblewrap.environment(spec));
        var process = builder.start();
        process.getOutputStream().close();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), out, err, argv);
    }

    SandboxSpec perl(String script, Map<String, String> env) throws IOException {
        var tree = Files.createDirectories(tmp.resolve("plugin"));
        Files.writeString(tree.resolve("run.pl"), script);
        var state = Files.createDirectories(tmp.resolve("state"));
        return new SandboxSpec(
                tree,
                state,
                List.of(),
                List.of(),
                env,
                false,
                List.of("perl", tree.resolve("run.pl").toString()));
    }

    @Test
    void thePluginRunsAsNobodyWithNoCapabilitiesAndNoWayToGainThem() throws Exception {
        var ran = run(perl("""
                open(my $f, "<", "/proc/self/status") or die;
                while (<$f>) { print if /^(Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):/ }
                """, Map.of()));

        assertThat(ran.exit()).as(ran.err()).isZero();
        assertThat(ran.out())
                .contains("Uid:\t65534\t65534\t65534\t65534")
                .contains("Gid:\t65534\t65534\t65534\t65534")
                .contains("CapEff:\t0000000000000000")
                .contains("CapPrm:\t0000000000000000")
                .contains("CapBnd:\t0000000000000000")
                .contains("NoNewPrivs:\t1")
                .contains("Seccomp:\t2");
    }

    @Test
    void everyRefusedSyscallFailsInsideAndOrdinaryWorkStillRuns() throws Exception {
        var calls = new StringBuilder();
        SeccompFilter.REFUSED.forEach((name, nr) ->
                calls.append("try_call('").append(name).append("', ").append(nr).append(");\n"));
        SeccompFilter.NOT_IMPLEMENTED.forEach((name, nr) ->
                calls.append("try_call('").append(name).append("', ").append(nr).append(");\n"));
        var ran = run(perl("""
                sub try_call { my ($name, $nr) = @_; $! = 0; my $r = syscall($nr, 0, 0, 0, 0, 0, 0);
                  printf("%s %d %d\\n", $name, $r, $! + 0); }
                """ + calls + """
                open(my $o, ">", "$ENV{HOME}/written") or die "state dir: $!"; print $o "ok"; close($o);
                my $pid = fork(); if ($pid == 0) { exit 7 } waitpid($pid, 0); printf("fork %d\\n", $? >> 8);
                """, Map.of()));

        assertThat(ran.exit()).as(ran.err()).isZero();
        for (var name : SeccompFilter.REFUSED.keySet()) {
            assertThat(ran.out()).as(name).contains(name + " -1 1\n");
        }
        assertThat(ran.out()).contains("clone3 -1 38\n").contains("fork 7\n");
        assertThat(tmp.resolve("state/written")).hasContent("ok");
    }

    @Test
    void theHomeTheVaultOtherPluginsAndTheNetworkAreOutOfReach() throws Exception {
        var home = Files.createDirectories(tmp.resolve("gatehouse-home"));
        Files.writeString(home.resolve("vault.enc"), "secret bytes");
        var other = Files.createDirectories(tmp.resolve("other-state"));
        Files.writeString(other.resolve("token"), "other plugin's");
        // A server on the host's loopback: the sandbox's own loopback is another one, with nothing on it.
        // Only loopback is ever dialled, so a broken sandbox sends nothing off this machine.
        try (var listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            netAndEnv(listener.getLocalPort());
        }
        hiddenPaths(home, other);
    }

    void netAndEnv(int hostPort) throws Exception {
        var ran = run(withArgs(perl("""
                use Socket;
                socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
                my $ok = connect($s, sockaddr_in($ARGV[0], inet_aton("127.0.0.1")));
                printf("connect %s\\n", $ok ? "made" : "refused");
                open(my $d, "<", "/proc/net/dev"); my @ifs = map { /^\\s*(\\w+):/ ? $1 : () } <$d>;
                print "interfaces @ifs\\n";
                open(my $w, ">", "/usr/gatehouse-was-here") ? print "system writable\\n" : print "system read-only\\n";
                print "env $_\\n" for sort keys %ENV;
                """, Map.of("PLUGIN_SETTING", CANARY)), String.valueOf(hostPort)));
        // The plugin's env reaches it through the environment, never through argv.
        assertThat(ran.argv()).noneMatch(a -> a.contains(CANARY));
        assertThat(ran.exit()).as(ran.err()).isZero();
        assertThat(ran.out())
                .contains("connect refused")
                .contains("interfaces lo\n")
                .contains("system read-only")
                .contains("env HOME\nenv LANG\nenv PATH\nenv PLUGIN_SETTING\n");
    }

    void hiddenPaths(Path home, Path other) throws Exception {
        // Paths outside what the spec mounts, given to the plugin to look for.
        var hidden = run(withArgs(
                perl("for my $p (@ARGV) { printf(\"%s %s\\n\", $p, (-e $p) ? \"visible\" : \"hidden\"); }\n", Map.of()),
                home.toString(),
                home.resolve("vault.enc").toString(),
                other.resolve("token").toString(),
                System.getProperty("user.home"),
                "/root"));
        assertThat(hidden.out())
                .contains(home + " hidden")
                .contains(home.resolve("vault.enc") + " hidden")
                .contains(other.resolve("token") + " hidden")
                .contains("/root hidden");
    }

    /** Starts the sandbox in its own control groups, without waiting for it. */
    Process start(SandboxSpec spec, PluginCgroup groups) throws IOException {
        var program = tmp.resolve("seccomp-limits.bpf");
        Files.write(program, SeccompFilter.forThisMachine().orElseThrow());
        var builder = new ProcessBuilder(bwrap.argv(spec, program, groups.joinFiles()));
        builder.environment().clear();
        builder.environment().putAll(Bubblewrap.environment(spec));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }

    @Test
    void aForkBombStopsAtItsTaskLimitAndNothingOfItSurvivesTheStop() throws Exception {
        var spec = perl("1 while 1 + fork();\n", Map.of());
        var groups = PluginCgroup.create("bomb", 1, 64);
        var bomb = start(spec, groups);
        try {
            // Wait (bounded) until it has filled its limit: it cannot go past it.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (groups.tasks() < groups.maxTasks() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(groups.maxTasks()).isEqualTo(PluginCgroup.maxTasks(1));
            assertThat(groups.tasks()).isEqualTo(groups.maxTasks());
            // The host is still answering: starting a process out here works.
            assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
        } finally {
            bomb.destroyForcibly();
            groups.close();
        }
        assertThat(groups.joinFiles()).allSatisfy(f -> assertThat(f.getParent()).doesNotExist());
    }

    @Test
    void aMemoryBombIsKilledAtItsLimit() throws Exception {
        var spec = perl("my $x = 'a' x (512 * 1024 * 1024); print length($x), \"\\n\";\n", Map.of());
        try (var groups = PluginCgroup.create("hog", 1, 32)) {
            var hog = start(spec, groups);
            assertThat(hog.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(hog.exitValue()).isNotZero();
            assertThat(groups.memoryFailures()).isPositive();
        }
    }

    static SandboxSpec withArgs(SandboxSpec spec, String... args) {
        var command = new java.util.ArrayList<>(spec.command());
        command.addAll(List.of(args));
        return new SandboxSpec(
                spec.tree(), spec.stateDir(), spec.readPaths(), spec.writePaths(), spec.env(), spec.network(), command);
    }
}
