package dev.gatehouse.host.operator;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.operator.DoctorCheck;
import dev.gatehouse.api.operator.Operator;
import dev.gatehouse.api.operator.OperatorException;
import dev.gatehouse.api.operator.TextRedactor;
import dev.gatehouse.audit.AuditConfig;
import dev.gatehouse.audit.AuditLogException;
import dev.gatehouse.audit.AuditLogOptions;
import dev.gatehouse.audit.AuditLogs;
import dev.gatehouse.audit.CheckpointWitness;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.host.HostOptions;
import dev.gatehouse.host.HostRuntime;
import dev.gatehouse.plugins.lifecycle.PluginLifecycle;
import dev.gatehouse.plugins.trust.TrustStore;
import dev.gatehouse.redaction.RedactorRegistry;
import dev.gatehouse.redaction.SecretRedactor;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultConfig;
import dev.gatehouse.vault.VaultEnvironment;
import dev.gatehouse.vault.VaultException;
import dev.gatehouse.vault.Vaults;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The host's side of the operator contract for one home, for the life of one command (or one
 * {@code serve}): it holds the home's audit log (opened on the first event, closed with a final
 * checkpoint by {@link #close}), opens the vault only for as long as one request needs it, and
 * owns the redactor that everything this process writes out passes through. Nothing here is
 * static: two operators on two homes in one JVM share nothing.
 */
public final class HostOperator implements Operator {

    /**
     * What the surface knows about where it runs.
     *
     * @param config gatehouse.yaml as the surface reads it (with the sections only the surface owns),
     *     read on first use; it may throw a ConfigException
     * @param principal who the operator is, as recorded ({@code cli:alice})
     * @param masterKeyFromEnv {@code GATEHOUSE_MASTER_KEY}, the vault file's key when set
     * @param notices where the vault's and the log's notices for the operator go (a new master key, a warning)
     * @param searchPath {@code PATH}, where the process tier looks for bubblewrap
     */
    public record Setup(
            GatehouseHome home,
            Supplier<OperatorConfig> config,
            Clock clock,
            String principal,
            Optional<String> masterKeyFromEnv,
            Consumer<String> notices,
            String searchPath) {}

    private final Setup setup;
    private final RedactorRegistry redactors = new RedactorRegistry(SecretRedactor.patternsOnly());
    private AuditLogs log;

    public HostOperator(Setup setup) {
        this.setup = setup;
    }

    /** Credential shapes only, for what a process writes before any home is open. */
    public static TextRedactor patternsOnly() {
        var redactor = SecretRedactor.patternsOnly();
        return redactor::redact;
    }

    GatehouseHome home() {
        return setup.home();
    }

    OperatorConfig config() {
        return setup.config().get();
    }

    Clock clock() {
        return setup.clock();
    }

    String searchPath() {
        return setup.searchPath();
    }

    @Override
    public Plugins plugins() {
        return new OperatorPlugins(this);
    }

    @Override
    public Trust trust() {
        return new OperatorTrust(this);
    }

    @Override
    public Keys keys() {
        return new OperatorKeys(this);
    }

    @Override
    public Secrets secrets() {
        return new OperatorSecrets(this);
    }

    @Override
    public AuditTrail audit() {
        return new OperatorAudit(this);
    }

    @Override
    public List<DoctorCheck> doctor(DoctorOptions options) {
        return new Doctor(this).checks(options);
    }

    @Override
    public TextRedactor redactor() {
        return text -> redactors.current().redact(text);
    }

    @Override
    public void record(String type, Map<String, Object> fields) {
        auditSink().record(new AuditEvent(setup.clock().instant(), type, setup.principal(), fields));
    }

    /** The audit log (or, while another process holds it, its inbox); every event passes the redactor first. */
    public AuditSink auditSink() {
        // Opened on the first event, so requests that only read never need the vault or the log's lock.
        return event -> log().record(redactors.current().redact(event));
    }

    /**
     * The log itself, for the host: it redacts every event with this operator's registry before it
     * records it, so a second pass here would only repeat the work on every call; and a queued
     * event ({@code tool.started}) stays queued instead of waiting for its own sync.
     */
    private AuditSink logSink() {
        return new AuditSink() {
            @Override
            public void record(AuditEvent event) {
                log().record(event);
            }

            @Override
            public void recordQueued(AuditEvent event) {
                log().recordQueued(event);
            }
        };
    }

    /** The home's plugin lifecycle, recording as this operator. */
    PluginLifecycle lifecycle() {
        return new PluginLifecycle(
                setup.home(),
                config(),
                new TrustStore(setup.home().trust(), setup.clock()),
                auditSink(),
                setup.clock(),
                setup.principal());
    }

    /**
     * Opens the host on this home with the vault's master key from this setup and this operator's
     * redactor, so what the host learns of secrets is redacted from this process's logs too. The
     * caller closes it.
     */
    public HostRuntime openHost(MeterRegistry meters) {
        var options = HostOptions.defaults()
                .withVault(vaultEnvironment())
                .withSearchPath(setup.searchPath())
                .withRedactors(redactors);
        try {
            return HostRuntime.open(setup.home(), config(), logSink(), meters, setup.clock(), options);
        } catch (VaultException e) {
            throw vaultFailure(e);
        } catch (AuditLogException
                | dev.gatehouse.plugins.PluginException
                | dev.gatehouse.auth.AuthException
                | dev.gatehouse.policy.PolicyException
                | dev.gatehouse.storage.StorageException e) {
            // Each module writes its messages for the operator and keeps secrets out of them.
            throw new OperatorException(OperatorException.Kind.FAILED, e.getMessage(), e);
        }
    }

    /**
     * Why this process may not serve on this home: another process holds its audit log, and a
     * server that only spooled its records would depend on that process to chain them.
     */
    public Optional<String> logHeldElsewhere() {
        var held = log();
        if (held.heldOptions().isPresent()) {
            return Optional.empty();
        }
        return Optional.of("the audit log in " + held.directory() + " is held by another Gatehouse process"
                + held.holder().map(pid -> " (pid " + pid + ")").orElse("")
                + "; stop it first: serve records to a log it holds itself");
    }

    /** What the operator should hear about the log this process holds: acknowledgement weaker than durable. */
    public Optional<String> acknowledgementNotice() {
        return log().heldOptions()
                .filter(o -> o.acknowledge() == AuditLogOptions.Acknowledge.WRITTEN)
                .map(o -> OperatorAudit.acknowledgement(o.acknowledge(), o.syncInterval()));
    }

    /** Chains in the events other processes spooled while this one holds the log; how many. */
    public int drainInbox() {
        return log().drainInbox();
    }

    VaultEnvironment vaultEnvironment() {
        return VaultEnvironment.of(setup.masterKeyFromEnv(), setup.notices());
    }

    /** Opens the configured vault for one request; the caller closes it. */
    Vault vault() {
        return vault(setup.notices());
    }

    Vault vault(Consumer<String> notices) {
        return vaulted(() -> Vaults.open(
                setup.home(),
                config().section(VaultConfig.SECTION),
                VaultEnvironment.of(setup.masterKeyFromEnv(), notices)));
    }

    /** Vault failures carry messages written for the operator (never a value). */
    static <T> T vaulted(Supplier<T> action) {
        try {
            return action.get();
        } catch (VaultException e) {
            throw vaultFailure(e);
        }
    }

    private static OperatorException vaultFailure(VaultException e) {
        return new OperatorException(
                e.reason() == VaultException.Reason.INVALID_NAME
                        ? OperatorException.Kind.INVALID
                        : OperatorException.Kind.FAILED,
                e.getMessage(),
                e);
    }

    private synchronized AuditLogs log() {
        if (log == null) {
            var home = setup.home();
            // Read before opening: on a fresh home the first run records an event, which comes back here.
            var config = config();
            if (log != null) {
                return log;
            }
            try (var vault = vault()) {
                createPrivate(home.localWitness().getParent());
                log = AuditLogs.open(
                        home.audit(),
                        vault,
                        config.section(AuditConfig.SECTION),
                        setup.clock(),
                        List.of(CheckpointWitness.file(home.localWitness())),
                        setup.notices());
            } catch (AuditLogException e) {
                throw new OperatorException(OperatorException.Kind.FAILED, e.getMessage(), e);
            }
        }
        return log;
    }

    private static void createPrivate(Path dir) {
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Closes the audit log (inbox chained in, final checkpoint signed). Safe to call twice; an event
     * recorded after it opens the log again.
     */
    @Override
    public synchronized void close() {
        if (log != null) {
            var held = log;
            log = null;
            held.close();
        }
    }
}
