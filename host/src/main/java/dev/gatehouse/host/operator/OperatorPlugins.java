package dev.gatehouse.host.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.api.operator.Operator;
import dev.gatehouse.api.operator.OperatorException;
import dev.gatehouse.api.operator.PluginViews;
import dev.gatehouse.host.Tiers;
import dev.gatehouse.plugins.PluginException;
import dev.gatehouse.plugins.capability.CapabilitySet;
import dev.gatehouse.plugins.capability.CapabilityWords;
import dev.gatehouse.plugins.capability.RiskAssessment;
import dev.gatehouse.plugins.lifecycle.InstalledVersion;
import dev.gatehouse.plugins.lifecycle.PluginRecord;
import dev.gatehouse.plugins.manifest.ManifestException;
import dev.gatehouse.plugins.manifest.ManifestParser;
import dev.gatehouse.plugins.source.TreeDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Plugins through the lifecycle, described in words; every change the lifecycle audits. */
final class OperatorPlugins implements Operator.Plugins {

    /** Records as the machine view shows them (dates as text, optionals unwrapped). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final HostOperator operator;

    OperatorPlugins(HostOperator operator) {
        this.operator = operator;
    }

    /** The plugin modules write their messages for the operator and keep secrets out of them. */
    static <T> T plugged(Supplier<T> action) {
        try {
            return action.get();
        } catch (ManifestException m) {
            throw new OperatorException(
                    OperatorException.Kind.INVALID,
                    "the manifest has " + m.problems().size() + " problem(s):",
                    m.problems().stream().map(String::valueOf).toList(),
                    m);
        } catch (PluginException e) {
            throw new OperatorException(OperatorException.Kind.FAILED, e.getMessage(), e);
        }
    }

    @Override
    public PluginViews.ManifestCheck validate(Path dir) {
        var m = plugged(() -> new ManifestParser(operator.config().plugins().maxima()).parse(dir));
        return new PluginViews.ManifestCheck(
                m.name(),
                m.version(),
                m.tools().size(),
                m.hooks().size(),
                m.runtime().type());
    }

    @Override
    public String digest(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new OperatorException(OperatorException.Kind.INVALID, dir + " is not a directory");
        }
        return TreeDigest.of(dir);
    }

    @Override
    public List<PluginViews.Installed> list() {
        // The tiers are asked once for the whole list: finding bubblewrap and the cgroups is file I/O.
        var cannotRun = Tiers.cannotRun(operator.searchPath());
        return plugged(() -> operator.lifecycle().list().stream()
                .map(r -> installed(r, Optional.empty(), cannotRun))
                .toList());
    }

    @Override
    public PluginViews.Inspection inspect(String name) {
        return plugged(() -> {
            var lifecycle = operator.lifecycle();
            var record = lifecycle.find(name);
            var manifest = lifecycle.manifestOf(record, record.active());
            var installed = installed(record, Optional.of(manifest), Tiers.cannotRun(operator.searchPath()));
            return new PluginViews.Inspection(
                    installed,
                    describe(manifest, record.active(), record.active().capabilities()),
                    installed.machine());
        });
    }

    @Override
    public PreparedInstall prepare(String source, Consumer<String> progress) {
        var lifecycle = operator.lifecycle();
        var prepared = plugged(() -> lifecycle.prepare(source, progress));
        return new Prepared(lifecycle, prepared);
    }

    /** A fetched plugin the operator has not said yes to yet. */
    private record Prepared(
            dev.gatehouse.plugins.lifecycle.PluginLifecycle lifecycle,
            dev.gatehouse.plugins.lifecycle.PreparedInstall prepared)
            implements PreparedInstall {

        @Override
        public PluginViews.Description description() {
            var provenance = prepared.provenance();
            return describe(
                    prepared.manifest(),
                    prepared.sourceText(),
                    prepared.tree().commit(),
                    prepared.digest(),
                    provenance.status().name().toLowerCase(Locale.ROOT),
                    provenance.level().word(),
                    provenance.keyFingerprint(),
                    prepared.capabilities());
        }

        @Override
        public Optional<String> pinnedToCommit() {
            return prepared.tree().pinnedByUs() ? prepared.tree().commit() : Optional.empty();
        }

        @Override
        public void install() {
            plugged(() -> lifecycle.install(prepared));
        }

        @Override
        public void close() {
            prepared.close();
        }
    }

    @Override
    public EnableProposal proposeEnable(String name) {
        var lifecycle = operator.lifecycle();
        var proposal = plugged(() -> lifecycle.proposeEnable(name));
        return new Proposal(lifecycle, proposal);
    }

    private record Proposal(
            dev.gatehouse.plugins.lifecycle.PluginLifecycle lifecycle,
            dev.gatehouse.plugins.lifecycle.EnableProposal proposal)
            implements EnableProposal {

        @Override
        public boolean alreadyEnabled() {
            return proposal.alreadyEnabled();
        }

        @Override
        public PluginViews.Description description() {
            var manifest = plugged(() -> lifecycle.manifestOf(proposal.record(), proposal.target()));
            return describe(manifest, proposal.target(), proposal.target().capabilities());
        }

        @Override
        public Optional<PluginViews.Change> change() {
            return proposal.diff()
                    .map(d ->
                            new PluginViews.Change(proposal.record().active().version(), CapabilityWords.describe(d)));
        }

        @Override
        public void consent(String how) {
            plugged(() -> lifecycle.enable(proposal, how));
        }
    }

    @Override
    public PluginViews.Updated update(String name, Optional<String> source, Consumer<String> progress) {
        var outcome = plugged(() -> operator.lifecycle().update(name, source, progress));
        return new PluginViews.Updated(
                PluginViews.Updated.Kind.valueOf(outcome.kind().name()),
                outcome.record().active().version(),
                outcome.version().version(),
                CapabilityWords.describe(outcome.diff()),
                outcome.record().enabled());
    }

    @Override
    public void disable(String name) {
        plugged(() -> operator.lifecycle().disable(name));
    }

    @Override
    public PluginViews.Removed remove(String name, boolean purgeState) {
        plugged(() -> {
            operator.lifecycle().remove(name, purgeState);
            return null;
        });
        return new PluginViews.Removed(
                purgeState ? Optional.empty() : Optional.of(operator.home().state(name)));
    }

    @Override
    public boolean restoreBuiltin(String name) {
        return plugged(() -> operator.lifecycle().restoreBuiltin(name));
    }

    @Override
    public PluginViews.Repaired repair(String name, Optional<String> source, Consumer<String> progress) {
        var repaired = plugged(() -> operator.lifecycle().repair(name, source, progress));
        return new PluginViews.Repaired(
                repaired.active().version(), repaired.active().digest());
    }

    @Override
    public List<String> logs(String name, int lines) {
        plugged(() -> operator.lifecycle().find(name));
        try {
            return dev.gatehouse.sandbox.process.PluginLog.tail(operator.home().pluginLog(name), lines);
        } catch (java.io.IOException e) {
            throw new OperatorException(
                    OperatorException.Kind.FAILED, "cannot read the log of " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<PluginViews.Verified> verify(Optional<String> name) {
        return plugged(() -> operator.lifecycle().verify(name)).stream()
                .map(r -> new PluginViews.Verified(r.name(), r.version(), r.digest(), r.problem()))
                .toList();
    }

    static PluginViews.Description describe(PluginManifest m, InstalledVersion v, CapabilitySet caps) {
        return describe(
                m,
                v.source(),
                v.commit(),
                v.digest(),
                v.signature(),
                v.trustLevel().word(),
                v.keyFingerprint(),
                caps);
    }

    private static PluginViews.Description describe(
            PluginManifest m,
            String source,
            Optional<String> commit,
            String digest,
            String signature,
            String trustLevel,
            Optional<String> keyFingerprint,
            CapabilitySet caps) {
        var risk = RiskAssessment.of(caps);
        var claimed = m.publisher().orElse("(none declared)");
        var publisher =
                switch (signature) {
                    case "verified" -> claimed + " (signature verified with key " + keyFingerprint.orElse("?") + ")";
                    case "unverifiable" -> claimed + " (signed, but by no key you trust: not verified)";
                    default -> claimed + " (unsigned: not verified)";
                };
        return new PluginViews.Description(
                m.name(),
                m.version(),
                m.description(),
                risk.level().word(),
                risk.reasons(),
                publisher,
                trustLevel,
                m.packageName(),
                m.author(),
                source,
                commit,
                digest,
                CapabilityWords.describe(caps),
                m.tools().stream()
                        .map(t ->
                                new PluginViews.Tool(t.name(), t.effects().word(), t.requiredScopes(), t.description()))
                        .toList(),
                m.hooks().stream()
                        .map(h -> new PluginViews.Hook(h.event().word(), h.purpose()))
                        .toList());
    }

    private static PluginViews.Installed installed(
            PluginRecord r,
            Optional<PluginManifest> manifest,
            java.util.function.Function<String, Optional<String>> tierCannotRun) {
        // Only an enabled plugin is expected to run.
        var cannotRun =
                r.enabled() ? tierCannotRun.apply(r.active().capabilities().runtime()) : Optional.<String>empty();
        var status = cannotRun.isPresent() && r.status() == PluginRecord.Status.ENABLED
                ? "enabled, CANNOT RUN"
                : r.status().word();
        return new PluginViews.Installed(
                r.name(),
                r.active().version(),
                r.pending().map(InstalledVersion::version),
                status,
                r.active().trustLevel().word(),
                RiskAssessment.of(r.active().capabilities()).level().word(),
                cannotRun,
                r.tampered(),
                r.consent()
                        .map(c -> "given " + c.at() + " by " + c.principal() + " (" + c.how() + ") for " + c.version()),
                r.active().installedAt(),
                r.active().installedBy(),
                machine(r, manifest));
    }

    /** The record as {@code --json} shows it: what the stored records hold, and the manifest's words. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> machine(PluginRecord r, Optional<PluginManifest> manifest) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", r.name());
        view.put("status", r.status().name().toLowerCase(Locale.ROOT));
        view.put("enabled", r.enabled());
        view.put("risk", RiskAssessment.of(r.active().capabilities()));
        view.put("active", r.active());
        r.pending().ifPresent(p -> view.put("pending", p));
        r.consent().ifPresent(c -> view.put("consent", c));
        r.tampered().ifPresent(t -> view.put("tampered", t));
        manifest.ifPresent(m -> {
            view.put("description", m.description());
            view.put("publisher", m.publisher().orElse(null));
            view.put("package", m.packageName().orElse(null));
            view.put(
                    "tools",
                    m.tools().stream()
                            .map(t -> Map.of(
                                    "name", t.name(),
                                    "description", t.description(),
                                    "effects", t.effects().word(),
                                    "required_scopes", t.requiredScopes()))
                            .toList());
            view.put(
                    "hooks",
                    m.hooks().stream()
                            .map(h -> Map.of("event", h.event().word(), "purpose", h.purpose()))
                            .toList());
        });
        view.put("capabilities_in_words", CapabilityWords.describe(r.active().capabilities()));
        // Plain maps, lists and scalars from here on: a surface renders them without knowing our records.
        return JSON.convertValue(view, LinkedHashMap.class);
    }
}
