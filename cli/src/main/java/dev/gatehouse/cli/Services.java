package dev.gatehouse.cli;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.audit.AuditLogs;
import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import dev.gatehouse.host.FirstRun;
import dev.gatehouse.host.HostOptions;
import dev.gatehouse.host.HostRuntime;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.redaction.RedactorRegistry;
import dev.gatehouse.storage.Database;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultConfig;
import dev.gatehouse.vault.VaultEnvironment;
import dev.gatehouse.vault.Vaults;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Consumer;

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

    TrustStore trust() {
        return new TrustStore(home().trust(), env.clock());
    }

    /** The audit log (or, while another process holds it, its inbox); every event passes the redactor. */
    AuditSink audit() {
        // Opened on the first event, so commands that only read never need the vault or the log's lock.
        return event -> AuditHolder.forHome(this, env)
                .record(RedactorRegistry.global().current().redact(event));
    }

    /** Records what the operator did through this command, as the operator's principal. */
    void emit(String type, Map<String, Object> fields) {
        audit().record(new AuditEvent(env.clock().instant(), type, env.principal(), fields));
    }

    /** The log itself, for the process that serves: it chains other processes' events in. */
    AuditLogs auditLog() {
        return AuditHolder.forHome(this, env);
    }

    /** Opens the configured vault; its notices (a new master key, say) go to {@code notices}. The caller closes it. */
    Vault vault(Consumer<String> notices) {
        return Vaults.open(
                home(), config().section(VaultConfig.SECTION), VaultEnvironment.of(env.masterKeyFromEnv(), notices));
    }

    /** The embedded database, {@code $GATEHOUSE_HOME/data/gatehouse.db}; the caller closes it. */
    Database database() {
        config();
        return Database.open(home().database());
    }

    ApiKeyStore keys(Database db) {
        return ApiKeyStore.sqlite(db, env.clock(), new SecureRandom());
    }

    /**
     * Opens the host on this home and configuration, with the vault's master key from this
     * environment and its notices on stderr; the caller closes it.
     */
    HostRuntime openHost(AuditSink audit, MeterRegistry meters) {
        var options = HostOptions.defaults().withVault(VaultEnvironment.of(env.masterKeyFromEnv(), notice -> env.err()
                .println("gatehouse: " + notice)));
        return HostRuntime.open(home(), config(), audit, meters, env.clock(), options);
    }

    PluginLifecycle lifecycle() {
        return new PluginLifecycle(home(), config(), trust(), audit(), env.clock(), env.principal());
    }
}
