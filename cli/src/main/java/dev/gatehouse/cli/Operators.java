package dev.gatehouse.cli;

import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.host.operator.HostOperator;

/**
 * The operator of this command line's home, opened on first use and closed when the command ends
 * (by {@link Main}, or by {@code serve}'s shutdown): one per {@link Environment}, never a static,
 * so every part of a command shares one audit log and its lock.
 */
public final class Operators implements AutoCloseable {

    private HostOperator open;

    synchronized HostOperator forHome(Services services, Environment env) {
        if (open == null) {
            open = new HostOperator(new HostOperator.Setup(
                    new GatehouseHome(env.home()),
                    services::config,
                    env.clock(),
                    env.principal(),
                    env.masterKeyFromEnv(),
                    notice -> env.err().println("gatehouse: " + notice),
                    env.searchPath()));
            // From now on this process's log lines are redacted with what this home's host knows.
            LogRedaction.install(open.redactor());
        }
        return open;
    }

    /** Closes the audit log (inbox chained in, final checkpoint signed); the next use opens it again. */
    @Override
    public synchronized void close() {
        if (open != null) {
            open.close();
        }
    }
}
