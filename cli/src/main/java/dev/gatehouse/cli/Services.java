package dev.gatehouse.cli;

import dev.gatehouse.auth.ApiKeyStore;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.config.OperatorConfigLoader;
import dev.gatehouse.custody.JsonLinesAuditSink;
import dev.gatehouse.custody.vault.VaultEnvironment;
import dev.gatehouse.host.HostOptions;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.storage.Database;
import java.security.SecureRandom;

/** Wires the pieces a command needs from the environment, lazily, so --help never touches the home. */
final class Services {

    private final Environment env;

    Services(Environment env) {
        this.env = env;
    }

    GatehouseHome home() {
        return new GatehouseHome(env.home());
    }

    OperatorConfig config() {
        return new OperatorConfigLoader(home().root(), Sections.ALL).load();
    }

    TrustStore trust() {
        return new TrustStore(home().trust(), env.clock());
    }

    JsonLinesAuditSink audit() {
        return new JsonLinesAuditSink(home().audit().resolve("events.jsonl"));
    }

    /** The embedded database, {@code $GATEHOUSE_HOME/data/gatehouse.db}; the caller closes it. */
    Database database() {
        return Database.open(home().root().resolve("data").resolve("gatehouse.db"));
    }

    ApiKeyStore keys(Database db) {
        return ApiKeyStore.sqlite(db, env.clock(), new SecureRandom());
    }

    /** What the host needs from this environment: the vault's master key and where its notices go. */
    HostOptions hostOptions() {
        return HostOptions.defaults().withVault(VaultEnvironment.of(env.masterKeyFromEnv(), notice -> env.err()
                .println("gatehouse: " + notice)));
    }

    PluginLifecycle lifecycle() {
        return new PluginLifecycle(home(), config(), trust(), audit(), env.clock(), env.principal());
    }
}
