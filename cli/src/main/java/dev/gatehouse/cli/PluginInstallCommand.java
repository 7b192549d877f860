package dev.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "install",
        mixinStandardHelpOptions = true,
        description = {
            "Fetch, validate, hash and check a plugin, show what it may do, and install it (not enabled).",
            "",
            "SOURCE is a directory, a .zip, a .tar.gz/.tgz, or a git URL with #<commit-or-tag>",
            "(file://, https://, ssh://, git://, user@host:path). A git URL without #ref is pinned to the",
            "commit it resolves to now. Archives are extracted defensively: absolute paths, '..', links",
            "leaving the tree, device files, over 10,000 entries, over 100 MiB, or bomb-like compression",
            "are refused, and a refused install leaves nothing behind."
        })
final class PluginInstallCommand implements Runnable {

    private final Environment env;

    @Parameters(paramLabel = "SOURCE", description = "Where the plugin comes from.")
    String source;

    @Option(names = "--yes", description = "Install without asking (for scripts). Enabling still needs consent.")
    boolean yes;

    PluginInstallCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var lifecycle = new Services(env).lifecycle();
        try (var prepared = lifecycle.prepare(source, step -> env.err().println("  " + step + "..."))) {
            var m = prepared.manifest();
            var provenance = prepared.provenance();
            Render.summary(
                    env.out(),
                    m,
                    new Render.InstalledVersionView(
                            prepared.sourceText(),
                            prepared.tree().commit(),
                            prepared.digest(),
                            provenance.status().name().toLowerCase(java.util.Locale.ROOT),
                            provenance.level().word(),
                            provenance.keyFingerprint()),
                    prepared.capabilities());
            if (Consent.ask(env, yes, "Install " + m.name() + " " + m.version() + "?") == null) {
                throw new CliFailure(1, "not installed: the operator declined");
            }
            lifecycle.install(prepared);
            if (prepared.tree().pinnedByUs()) {
                env.out()
                        .println("note: " + source + " named no commit or tag; the install is pinned to commit "
                                + prepared.tree().commit().orElseThrow() + ".");
            }
            env.out()
                    .println("installed " + m.name() + " " + m.version() + " (not enabled). Enable it with: "
                            + "gatehouse plugins enable " + m.name());
        }
    }
}
