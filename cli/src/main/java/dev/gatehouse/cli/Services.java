package dev.gatehouse.cli;

import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import dev.gatehouse.host.FirstRun;
import dev.gatehouse.host.HostRuntime;
import dev.gatehouse.host.operator.HostOperator;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/** Wires the pieces a command needs from the environment, lazily, so --help never touches the home. */
final class Services {

    /** What a command does on a home that has had no first run. */
    enum FirstRunMode {
        /** Makes the first run and prints its admin key on stderr: every command but the two below. */
        ANNOUNCE,
        /** Makes the first run and leaves the admin key to the caller: serve prints its own banner. */
        QUIET,
        /** Never sets a home up: commands that only look (doctor, mcp). */
        NEVER
    }

    private final Environment env;
    private final FirstRunMode firstRunMode;
    private OperatorConfig config;
    private FirstRun.Result firstRun = new FirstRun.Result(false, java.util.Optional.empty());

    Services(Environment env) {
        this(env, FirstRunMode.ANNOUNCE);
    }

    Services(Environment env, FirstRunMode firstRunMode) {
        this.env = env;
        this.firstRunMode = firstRunMode;
    }

    /** What this command's first run (if it made one) created: the admin key among it, shown once. */
    FirstRun.Result firstRun() {
        return firstRun;
    }

    GatehouseHome home() {
        return new GatehouseHome(env.home());
    }

    /**
     * gatehouse.yaml, read and checked once per command however many parts ask for it. On a home
     * that has had no first run, any command makes it here, the way serve does: the home, the
     * commented gatehouse.yaml (before it is read), the database and the admin key.
     */
    OperatorConfig config() {
        if (config == null) {
            boolean fresh = firstRunMode != FirstRunMode.NEVER && !FirstRun.done(home());
            if (fresh) {
                FirstRun.prepareHome(home());
            }
            config = new OperatorConfigLoader(home().root(), Sections.ALL).load();
            if (fresh) {
                firstRun = FirstRun.ensure(home(), audit(), env.clock());
                if (firstRunMode == FirstRunMode.ANNOUNCE) {
                    firstRun.adminKey().ifPresent(this::announce);
                }
            }
        }
        return config;
    }

    private void announce(String adminKey) {
        var err = env.err();
        err.println("gatehouse: first run: created " + home().root() + " (gatehouse.yaml, the database, the"
                + " builtins files and http at the next start).");
        err.println("gatehouse: admin API key (shown once, store it now; it holds the 'admin' scope):");
        err.println("  " + adminKey);
    }

    /** The operator contract on this home: the vault and the audit log are reached only through it. */
    HostOperator operator() {
        return env.operators().forHome(this, env);
    }

    /** The audit log (or, while another process holds it, its inbox); every event passes the redactor. */
    AuditSink audit() {
        return operator().auditSink();
    }

    /** Records what the operator did through this command, as the operator's principal. */
    void emit(String type, Map<String, Object> fields) {
        operator().record(type, fields);
    }

    /**
     * Opens the host on this home and configuration, with the vault's master key from this
     * environment and its notices on stderr; the caller closes it.
     */
    HostRuntime openHost(MeterRegistry meters) {
        return operator().openHost(meters);
    }
}
