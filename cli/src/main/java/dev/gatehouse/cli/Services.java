package dev.gatehouse.cli;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import dev.gatehouse.custody.audit.AuditLogs;
import dev.gatehouse.custody.redact.RedactorRegistry;
import dev.gatehouse.custody.vault.Vault;
import dev.gatehouse.custody.vault.VaultConfig;
import dev.gatehouse.custody.vault.VaultEnvironment;
import dev.gatehouse.custody.vault.Vaults;
import dev.gatehouse.host.HostOptions;
import dev.gatehouse.host.HostRuntime;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Consumer;

/** Wires the pieces a command needs from the environment, lazily, so --help never touches the home. */
final class Services {

    private final Environment env;
    private OperatorConfig config;

    Services(Environment env) {
        this.env = env;
    }

    GatehouseHome home() {
        return new GatehouseHome(env.home());
    }

    /** gatehouse.yaml, read and checked once per command however many parts ask for it. */
    OperatorConfig config() {
        if (config == null) {
            config = new OperatorConfigLoader(home().root(), Sections.ALL).load();
        }
        return config;
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
