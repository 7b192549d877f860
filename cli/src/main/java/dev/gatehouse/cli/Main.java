package dev.gatehouse.cli;

/** Entry point of the {@code gatehouse} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code;
        var env = Environment.system();
        try {
            code = GatehouseCommand.commandLine(env).execute(args);
        } finally {
            // Chains in spooled events and signs a final checkpoint before the JVM goes.
            env.operators().close();
            Logs.flush();
        }
        System.exit(code);
    }
}
