package dev.gatehouse.plugins.archfixture;

/** Deliberately breaks the module graph (plugins must never use the CLI); only ModuleGraphTest loads it. */
public final class ReachesIntoCli {

    private ReachesIntoCli() {}

    public static void run(String[] args) {
        dev.gatehouse.cli.Main.main(args);
    }
}
