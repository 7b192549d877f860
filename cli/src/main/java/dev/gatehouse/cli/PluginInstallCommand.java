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
        var plugins = new Services(env).operator().plugins();
        try (var prepared = plugins.prepare(source, step -> env.err().println("  " + step + "..."))) {
            var m = prepared.description();
            Render.summary(env.out(), m);
            if (Consent.ask(env, yes, "Install " + m.name() + " " + m.version() + "?") == null) {
                throw new CliFailure(1, "not installed: the operator declined");
            }
            prepared.install();
            prepared.pinnedToCommit().ifPresent(commit -> env.out()
                    .println("note: " + source + " named no commit or tag; the install is pinned to commit " + commit
                            + "."));
            env.out()
                    .println("installed " + m.name() + " " + m.version() + " (not enabled). Enable it with: "
                            + "gatehouse plugins enable " + m.name());
        }
    }
}
