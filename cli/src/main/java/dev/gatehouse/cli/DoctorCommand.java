package dev.gatehouse.cli;

import dev.gatehouse.api.operator.Operator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "doctor",
        header = "Say how this Gatehouse is set up: home, configuration, vault, Java, bubblewrap, audit.",
        mixinStandardHelpOptions = true,
        description = {
            "Say how this Gatehouse is set up: home and its permissions, configuration, which vault",
            "backend holds the secrets and why, Java, bubblewrap, the database schema, and when a",
            "call's audit record counts as recorded (audit.acknowledge).",
            "Informational: it changes nothing and exits 0.",
            "With --disk it also times synced writes on the disk that holds the audit log."
        })
final class DoctorCommand implements Runnable {

    @Option(
            names = "--disk",
            description = "Also time fdatasync on the disk under $GATEHOUSE_HOME/audit (at most "
                    + dev.gatehouse.host.operator.DiskProbe.MAX_SYNCS
                    + " syncs or "
                    + dev.gatehouse.host.operator.DiskProbe.MAX_SECONDS
                    + " seconds): every tool call waits for its audit record's sync."
                    + " Writes a scratch file beside the log and removes it; the log itself is not touched.")
    boolean disk;

    private final Environment env;

    DoctorCommand(Environment env) {
        this.env = env;
    }

    @Override
    public void run() {
        var out = env.out();
        var operator = new Services(env, Services.FirstRunMode.NEVER).operator();
        for (var check : operator.doctor(new Operator.DoctorOptions(env.searchPath(), disk))) {
            out.println(String.format("%-12s%s", check.name() + ":", check.result()));
        }
    }
}
