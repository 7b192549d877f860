package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.OperatorConfig;
import dev.gatehouse.plugins.capability.CapabilityDiff;
import dev.gatehouse.plugins.capability.CapabilityWords;
import dev.gatehouse.plugins.source.ExtractionLimits;
import dev.gatehouse.plugins.source.SourceFetcher;
import dev.gatehouse.plugins.trust.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The plugin lifecycle: install, consent and enable, update with a capability diff, disable,
 * remove, verify and load. Every step that changes something holds the install lock, writes its
 * record atomically and emits an audit event naming the principal.
 */
public final class PluginLifecycle {

    private final GatehouseHome home;
    private final PluginStore store;
    private final InstallLock lock;
    private final SupplyChain supplyChain;
    private final AuditSink audit;
    private final Clock clock;
    private final String principal;

    public PluginLifecycle(
            GatehouseHome home,
            OperatorConfig config,
            TrustStore trust,
            AuditSink audit,
            Clock clock,
            String principal) {
        this.home = home;
        this.store = new FilePluginStore(home.plugins());
        this.lock = new InstallLock(home.plugins());
        this.audit = audit;
        this.clock = clock;
        this.principal = principal;
        this.supplyChain = new SupplyChain(
                home,
                config.plugins(),
                trust::list,
                new SourceFetcher(ExtractionLimits.DEFAULT),
                audit,
                clock,
                principal);
    }

    // ---- install ----

    /** Fetches and checks a plugin without installing it, so the operator can be shown what it may do. */
    public PreparedInstall prepare(String source, Consumer<String> progress) {
        return supplyChain.prepare(source, progress, false);
    }

    /**
     * Like {@link #prepare}, for the host's own bundled builtins: the only installs that may
     * declare the builtin runtime. Nothing an operator or plugin supplies reaches this.
     */
    public PreparedInstall prepareBundled(java.nio.file.Path tree) {
        return supplyChain.prepare(tree.toString(), step -> {}, true);
    }

    /** Moves a prepared plugin into place, atomically: it is fully installed or not at all. */
    public PluginRecord install(PreparedInstall prepared) {
        var m = prepared.manifest();
        try (var _ = lock.acquire()) {
            if (store.find(m.name()).isPresent()) {
                throw new LifecycleException(
                        LifecycleException.Reason.ALREADY_INSTALLED,
                        m.name(),
                        "plugin '" + m.name() + "' is already installed; use 'gatehouse plugins update " + m.name()
                                + "' to change its version");
            }
            // Assemble plugins/<name>/ inside staging, then rename it into place in one step.
            var assembled = prepared.staging().resolve("plugin");
            var version = newVersion(prepared);
            var versionsDir = assembled.resolve("versions");
            Files.createDirectories(versionsDir);
            Files.move(
                    prepared.tree().root(), versionsDir.resolve(version.directory()), StandardCopyOption.ATOMIC_MOVE);
            var record =
                    new PluginRecord(m.name(), version, Optional.empty(), false, Optional.empty(), Optional.empty());
            FilePluginStore.writeAtomically(assembled.resolve(FilePluginStore.RECORD_FILE), record);
            Files.move(assembled, home.plugins().resolve(m.name()), StandardCopyOption.ATOMIC_MOVE);
            emit(
                    "plugin.installed",
                    Map.of(
                            "name", m.name(),
                            "version", m.version(),
                            "digest", prepared.digest(),
                            "source", prepared.sourceText(),
                            "commit", prepared.tree().commit().orElse(""),
                            "trust_level", prepared.provenance().level().word(),
                            "signature", version.signature()));
            return record;
        } catch (IOException e) {
            throw new LifecycleException(
                    LifecycleException.Reason.STORAGE,
                    m.name(),
                    "cannot install '" + m.name() + "': " + e.getMessage(),
                    e);
        } finally {
            prepared.close();
        }
    }

    private InstalledVersion newVersion(PreparedInstall p) {
        var m = p.manifest();
        var hex = p.digest().substring(p.digest().indexOf(':') + 1);
        var provenance = p.provenance();
        return new InstalledVersion(
                m.version(),
                m.version() + "-" + hex.substring(0, 12),
                p.digest(),
                p.sourceText(),
                p.tree().commit(),
                provenance.status().name().toLowerCase(java.util.Locale.ROOT),
                provenance.level(),
                provenance.publisher(),
                provenance.keyFingerprint(),
                clock.instant(),
                principal,
                p.capabilities());
    }

    // ---- reading ----

    public List<PluginRecord> list() {
        return store.all();
    }

    public PluginRecord find(String name) {
        return store.find(name)
                .orElseThrow(() -> new LifecycleException(
                        LifecycleException.Reason.NOT_INSTALLED, name, "plugin '" + name + "' is not installed"));
    }

    public Path treeOf(PluginRecord record, InstalledVersion version) {
        return home.plugins().resolve(record.name()).resolve("versions").resolve(version.directory());
    }

    /** The installed manifest, parsed again under today's operator limits. */
    public PluginManifest manifestOf(PluginRecord record, InstalledVersion version) {
        return supplyChain.parser().parse(treeOf(record, version));
    }

    // ---- consent ----

    /** What enabling {@code name} now asks the operator to consent to. */
    public EnableProposal proposeEnable(String name) {
        var record = find(name);
        refuseIfTampered(record);
        if (record.pending().isPresent()) {
            var target = record.pending().get();
            requireIntact(record, target);
            return new EnableProposal(
                    record,
                    target,
                    Optional.of(ProvenanceChange.with(
                            CapabilityDiff.between(record.consented(), target.capabilities()),
                            record.active(),
                            target)));
        }
        requireIntact(record, record.active());
        return new EnableProposal(record, record.active(), Optional.empty());
    }

    /** Records the operator's consent to exactly what the proposal showed, and enables that version. */
    public PluginRecord enable(EnableProposal proposal, String how) {
        var name = proposal.record().name();
        try (var _ = lock.acquire()) {
            var record = find(name);
            var current = record.pending().orElse(record.active());
            if (!current.digest().equals(proposal.target().digest())
                    || record.tampered().isPresent()) {
                throw new LifecycleException(
                        LifecycleException.Reason.CHANGED_SINCE_SHOWN,
                        name,
                        "plugin '" + name + "' changed while consent was asked; run enable again to see it");
            }
            var old = record.pending().isPresent() ? Optional.of(record.active()) : Optional.<InstalledVersion>empty();
            var target = proposal.target();
            var consent = new ConsentRecord(
                    clock.instant(), principal, target.version(), target.digest(), how, target.capabilities());
            var updated =
                    record.withActive(target).withPending(Optional.empty()).withEnabled(true, Optional.of(consent));
            Trees.createPrivateDirectory(home.state(name));
            store.save(updated);
            old.ifPresent(v -> Trees.deleteQuietly(treeOf(record, v)));
            emit(
                    "plugin.enabled",
                    Map.of(
                            "name", name,
                            "version", target.version(),
                            "digest", target.digest(),
                            "consent", how,
                            "capabilities", CapabilityWords.describe(target.capabilities()),
                            "diff",
                                    proposal.diff()
                                            .map(CapabilityWords::describe)
                                            .orElse(List.of())));
            return updated;
        }
    }

    public PluginRecord disable(String name) {
        try (var _ = lock.acquire()) {
            var record = find(name);
            var updated = record.withEnabled(false, Optional.empty());
            store.save(updated);
            emit(
                    "plugin.disabled",
                    Map.of("name", name, "version", record.active().version()));
            return updated;
        }
    }

    /** Removes the plugin's trees and record; its state directory stays unless {@code purgeState}. */
    public void remove(String name, boolean purgeState) {
        try (var _ = lock.acquire()) {
            var record = find(name);
            // Rename first so the plugin disappears in one step even if deleting its files is slow.
            var trash = home.staging().resolve(ProcessHandle.current().pid() + "-removed-" + name);
            Files.createDirectories(home.staging());
            if (record.active().capabilities().runtime().equals("builtin")) {
                // A bundled builtin would be installed again at the next start; the operator said no.
                Files.createDirectories(removedBuiltins());
                Files.writeString(
                        removedBuiltins().resolve(name), record.active().version() + "\n");
            }
            Files.move(home.plugins().resolve(name), trash, StandardCopyOption.ATOMIC_MOVE);
            Trees.delete(trash);
            if (purgeState) {
                Trees.delete(home.state(name));
            }
            emit(
                    "plugin.removed",
                    Map.of("name", name, "version", record.active().version(), "state_purged", purgeState));
        } catch (IOException e) {
            throw new LifecycleException(
                    LifecycleException.Reason.STORAGE, name, "cannot remove '" + name + "': " + e.getMessage(), e);
        }
    }

    private Path removedBuiltins() {
        return home.plugins().resolve(".removed-builtins");
    }

    /** Whether the operator removed this bundled builtin, so the host must not bring it back. */
    public boolean removedByOperator(String name) {
        return Files.exists(removedBuiltins().resolve(name));
    }

    /**
     * Takes back the operator's removal of a bundled builtin: the host installs and enables it again
     * at its next start. Returns whether it had been removed.
     */
    public boolean restoreBuiltin(String name) {
        try (var _ = lock.acquire()) {
            boolean removed = Files.deleteIfExists(removedBuiltins().resolve(name));
            if (removed) {
                emit("plugin.restore_requested", Map.of("name", name));
            }
            return removed;
        } catch (IOException e) {
            throw new LifecycleException(
                    LifecycleException.Reason.STORAGE, name, "cannot restore '" + name + "': " + e.getMessage(), e);
        }
    }

    // ---- repair ----

    /**
     * Puts the installed (consented) version back from its source when its files were changed or
     * lost: the source must hold exactly the recorded tree (same digest), so a repair never changes
     * what the plugin is; a different tree is an update. Clears the tamper mark.
     *
     * @param source where to fetch it; the recorded source when empty
     */
    public PluginRecord repair(String name, Optional<String> source, Consumer<String> progress) {
        return repair(name, source, progress, false);
    }

    /** Repairs a bundled builtin from the tree the host writes for it. */
    public PluginRecord repairBundled(String name, java.nio.file.Path tree) {
        return repair(name, Optional.of(tree.toString()), step -> {}, true);
    }

    private PluginRecord repair(String name, Optional<String> source, Consumer<String> progress, boolean bundled) {
        var before = find(name);
        var sourceText = source.orElse(before.active().source());
        try (var prepared = supplyChain.prepare(sourceText, progress, bundled)) {
            try (var _ = lock.acquire()) {
                // Checked under the lock against the record as it is now: an update made while the
                // source was fetched must not get the old tree put back in its place.
                var record = find(name);
                if (!prepared.digest().equals(record.active().digest())) {
                    throw new LifecycleException(
                            LifecycleException.Reason.NOT_THE_SAME_TREE,
                            name,
                            "the source holds a tree hashing to " + prepared.digest() + ", not "
                                    + record.active().version() + "'s recorded "
                                    + record.active().digest()
                                    + "; to move to that tree, use 'gatehouse plugins update " + name + " SOURCE'");
                }
                var dir = treeOf(record, record.active());
                Files.createDirectories(home.staging());
                var damaged = home.staging().resolve(ProcessHandle.current().pid() + "-damaged-" + name);
                if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(dir, damaged, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(prepared.tree().root(), dir, StandardCopyOption.ATOMIC_MOVE);
                Trees.deleteQuietly(damaged);
                var repaired = record.withTampered(Optional.empty());
                store.save(repaired);
                emit(
                        "plugin.repaired",
                        Map.of(
                                "name",
                                name,
                                "version",
                                record.active().version(),
                                "digest",
                                record.active().digest()));
                return repaired;
            }
        } catch (IOException e) {
            throw new LifecycleException(
                    LifecycleException.Reason.STORAGE, name, "cannot repair '" + name + "': " + e.getMessage(), e);
        }
    }

    // ---- update ----

    public UpdateOutcome update(String name, Optional<String> source, Consumer<String> progress) {
        return update(name, source, progress, false);
    }

    /** Brings a bundled builtin in line with the manifest the current configuration gives it. */
    public UpdateOutcome updateBundled(String name, java.nio.file.Path tree) {
        return update(name, Optional.of(tree.toString()), step -> {}, true);
    }

    private UpdateOutcome update(String name, Optional<String> source, Consumer<String> progress, boolean bundled) {
        var before = find(name);
        var sourceText = source.orElse(before.active().source());
        try (var prepared = supplyChain.prepare(sourceText, progress, bundled)) {
            var m = prepared.manifest();
            if (!m.name().equals(name)) {
                throw new LifecycleException(
                        LifecycleException.Reason.NAME_MISMATCH,
                        name,
                        "the source holds plugin '" + m.name() + "', not '" + name + "'");
            }
            try (var _ = lock.acquire()) {
                var record = find(name);
                if (prepared.digest().equals(record.active().digest())
                        && record.pending().isEmpty()) {
                    return new UpdateOutcome(
                            UpdateOutcome.Kind.UP_TO_DATE, record, record.active(), new CapabilityDiff(List.of()));
                }
                var samePending = record.pending().filter(p -> p.digest().equals(prepared.digest()));
                if (samePending.isPresent()) {
                    // Already waiting for consent: nothing new to record.
                    return new UpdateOutcome(
                            UpdateOutcome.Kind.PENDING,
                            record,
                            samePending.get(),
                            ProvenanceChange.with(
                                    CapabilityDiff.between(
                                            record.consented(),
                                            samePending.get().capabilities()),
                                    record.active(),
                                    samePending.get()));
                }
                var version = newVersion(prepared);
                var versionDir = treeOf(record, version);
                if (!Files.exists(versionDir)) {
                    Files.move(prepared.tree().root(), versionDir, StandardCopyOption.ATOMIC_MOVE);
                }
                var diff = ProvenanceChange.with(
                        CapabilityDiff.between(record.consented(), version.capabilities()), record.active(), version);
                var replacedPending =
                        record.pending().filter(p -> !p.directory().equals(version.directory()));
                UpdateOutcome outcome;
                if (record.enabled() && diff.requiresConsent()) {
                    var updated = record.withPending(Optional.of(version));
                    store.save(updated);
                    outcome = new UpdateOutcome(UpdateOutcome.Kind.PENDING, updated, version, diff);
                } else {
                    var consent = record.enabled()
                            ? Optional.of(new ConsentRecord(
                                    clock.instant(),
                                    principal,
                                    version.version(),
                                    version.digest(),
                                    "narrowing-update",
                                    version.capabilities()))
                            : Optional.<ConsentRecord>empty();
                    var updated = record.withActive(version)
                            .withPending(Optional.empty())
                            .withEnabled(record.enabled(), consent)
                            .withTampered(Optional.empty());
                    store.save(updated);
                    if (!record.active().directory().equals(version.directory())) {
                        Trees.deleteQuietly(treeOf(record, record.active()));
                    }
                    outcome = new UpdateOutcome(UpdateOutcome.Kind.ACTIVATED, updated, version, diff);
                }
                replacedPending.ifPresent(p -> Trees.deleteQuietly(treeOf(record, p)));
                emit(
                        outcome.kind() == UpdateOutcome.Kind.PENDING ? "plugin.update_pending" : "plugin.updated",
                        Map.of(
                                "name", name,
                                "from", record.active().version(),
                                "to", version.version(),
                                "digest", version.digest(),
                                "diff", CapabilityWords.describe(diff)));
                return outcome;
            }
        } catch (IOException e) {
            throw new LifecycleException(
                    LifecycleException.Reason.STORAGE, name, "cannot update '" + name + "': " + e.getMessage(), e);
        }
    }

    // ---- integrity ----

    /** Re-hashes installed trees against their recorded digests; marks and reports any that differ. */
    public List<VerifyResult> verify(Optional<String> only) {
        var records = only.map(n -> List.of(find(n))).orElseGet(store::all);
        var results = new java.util.ArrayList<VerifyResult>();
        for (var record : records) {
            var versions = new java.util.ArrayList<InstalledVersion>();
            versions.add(record.active());
            record.pending().ifPresent(versions::add);
            Optional<String> failure = Optional.empty();
            for (var v : versions) {
                var problem = integrityProblem(record, v);
                results.add(new VerifyResult(record.name(), v.version(), v.digest(), problem));
                if (problem.isPresent() && failure.isEmpty()) {
                    failure = problem;
                }
            }
            markIntegrity(record.name(), failure);
        }
        return results;
    }

    /**
     * Loads an enabled plugin for use by the host, refusing one whose tree no longer matches its
     * recorded digest.
     */
    public LoadedPlugin load(String name) {
        var record = find(name);
        if (!record.enabled() || record.consent().isEmpty()) {
            throw new LifecycleException(
                    LifecycleException.Reason.NOT_ENABLED, name, "plugin '" + name + "' is not enabled");
        }
        refuseIfTampered(record);
        requireIntact(record, record.active());
        var dir = treeOf(record, record.active());
        return new LoadedPlugin(record, supplyChain.parser().parse(dir), dir);
    }

    private void requireIntact(PluginRecord record, InstalledVersion version) {
        var problem = integrityProblem(record, version);
        if (problem.isPresent()) {
            markIntegrity(record.name(), problem);
            throw new LifecycleException(
                    LifecycleException.Reason.TAMPERED,
                    record.name(),
                    "plugin '" + record.name() + "' failed verification and is refused: " + problem.get()
                            + "; 'gatehouse plugins repair " + record.name()
                            + "' puts the consented version back from its source");
        }
    }

    private static void refuseIfTampered(PluginRecord record) {
        if (record.tampered().isPresent()) {
            throw new LifecycleException(
                    LifecycleException.Reason.TAMPERED,
                    record.name(),
                    "plugin '" + record.name() + "' is marked tampered ("
                            + record.tampered().get()
                            + "); 'gatehouse plugins repair " + record.name()
                            + "' puts the consented version back from its source, or restore the files and run"
                            + " 'gatehouse plugins verify " + record.name() + "'");
        }
    }

    private Optional<String> integrityProblem(PluginRecord record, InstalledVersion v) {
        var dir = treeOf(record, v);
        if (!Files.isDirectory(dir)) {
            return Optional.of("the installed tree of " + v.version() + " is missing");
        }
        try {
            var actual = dev.gatehouse.plugins.source.TreeDigest.of(dir);
            return actual.equals(v.digest())
                    ? Optional.empty()
                    : Optional.of(
                            "the tree of " + v.version() + " hashes to " + actual + ", not the recorded " + v.digest());
        } catch (RuntimeException e) {
            return Optional.of("the tree of " + v.version() + " cannot be hashed: " + e.getMessage());
        }
    }

    private void markIntegrity(String name, Optional<String> failure) {
        try (var _ = lock.acquire()) {
            var record = find(name);
            if (record.tampered().equals(failure)) {
                return;
            }
            store.save(record.withTampered(failure));
            if (failure.isPresent()) {
                emit("plugin.verify_failed", Map.of("name", name, "reason", failure.get()));
            } else {
                emit("plugin.verify_restored", Map.of("name", name));
            }
        }
    }

    private void emit(String type, Map<String, Object> fields) {
        audit.record(new AuditEvent(clock.instant(), type, principal, fields));
    }
}
