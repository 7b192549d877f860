package dev.gatehouse.cli;

/** Entry point of the {@code gatehouse} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = GatehouseCommand.commandLine(Environment.system()).execute(args);
        } finally {
            // Chains in spooled events and signs a final checkpoint before the JVM goes.
            AuditHolder.closeAll();
            Logs.flush();
        }
        System.exit(code);
    }
}
