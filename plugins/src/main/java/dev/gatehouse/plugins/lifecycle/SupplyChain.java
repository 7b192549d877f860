package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.config.GatehouseHome;
import dev.gatehouse.config.PluginPolicy;
import dev.gatehouse.plugins.PluginException;
import dev.gatehouse.plugins.capability.CapabilitySet;
import dev.gatehouse.plugins.manifest.ManifestParser;
import dev.gatehouse.plugins.source.PluginSource;
import dev.gatehouse.plugins.source.SourceFetcher;
import dev.gatehouse.plugins.source.TreeDigest;
import dev.gatehouse.plugins.trust.PublisherKey;
import dev.gatehouse.plugins.trust.SignatureVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Fetch, validate, hash, verify provenance and apply policy: everything that happens to a plugin
 * before it may be installed, all of it inside a staging directory that vanishes on failure.
 */
final class SupplyChain {

    private final GatehouseHome home;
    private final PluginPolicy policy;
    private final Supplier<List<PublisherKey>> trustedKeys;
    private final SourceFetcher fetcher;
    private final ManifestParser parser;
    private final AuditSink audit;
    private final Clock clock;
    private final String principal;

    /** @param trustedKeys reads the trust store; called once per {@link #prepare} */
    SupplyChain(
            GatehouseHome home,
            PluginPolicy policy,
            Supplier<List<PublisherKey>> trustedKeys,
            SourceFetcher fetcher,
            AuditSink audit,
            Clock clock,
            String principal) {
        this.home = home;
        this.policy = policy;
        this.trustedKeys = trustedKeys;
        this.fetcher = fetcher;
        this.parser = new ManifestParser(policy.maxima());
        this.audit = audit;
        this.clock = clock;
        this.principal = principal;
    }

    ManifestParser parser() {
        return parser;
    }

    /**
     * @param bundled whether this is one of Gatehouse's own builtins, installed by the host: the
     *     builtin runtime means host code, so only the host may install a plugin that declares it
     */
    PreparedInstall prepare(String sourceText, Consumer<String> progress, boolean bundled) {
        String name = "";
        Path staging = null;
        boolean handedOver = false;
        try {
            var source = PluginSource.parse(sourceText);
            sweepStaleStaging();
            staging = home.staging().resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID());
            Trees.createPrivateDirectory(staging);
            var target = Files.createDirectory(staging.resolve("tree"));
            progress.accept("fetching " + source.display());
            var tree = fetcher.fetch(source, target);
            progress.accept("validating the manifest");
            var manifest = parser.parse(tree.root());
            name = manifest.name();
            boolean builtin = manifest.runtime() instanceof dev.gatehouse.api.manifest.Runtime.Builtin;
            if (builtin != bundled) {
                throw new LifecycleException(
                        LifecycleException.Reason.BUILTIN_RESERVED,
                        name,
                        builtin
                                ? "refused: runtime 'builtin' is reserved for the tools bundled with Gatehouse;"
                                        + " a plugin runs as 'process' or 'wasm'"
                                : "a bundled builtin must declare runtime 'builtin'");
            }
            progress.accept("hashing the tree");
            var digest = TreeDigest.of(tree.root());
            progress.accept("checking provenance");
            // One read serves the signature and the policy, so both judge the same store.
            var trusted = trustedKeys.get();
            var provenance = new SignatureVerifier(trusted).verify(tree.root(), digest, manifest.publisher());
            boolean publisherHasKeys = manifest.publisher()
                    .map(p -> trusted.stream().anyMatch(k -> k.publisher().equals(p)))
                    .orElse(false);
            InstallPolicy.check(manifest, provenance, policy, publisherHasKeys);
            var caps = CapabilitySet.of(manifest, policy.defaults());
            // Record the source as displayed: absolute for local paths, without any URL password.
            var prepared = new PreparedInstall(source.display(), staging, tree, manifest, digest, provenance, caps);
            handedOver = true;
            return prepared;
        } catch (PluginException e) {
            refused(sourceText, name, e);
            throw e;
        } catch (IOException e) {
            throw new LifecycleException(
                    LifecycleException.Reason.STORAGE, name, "cannot stage the install: " + e.getMessage(), e);
        } finally {
            // A failed prepare leaves no staging behind; a successful one hands it to PreparedInstall.close.
            if (!handedOver && staging != null) {
                Trees.deleteQuietly(staging);
            }
        }
    }

    private void refused(String sourceText, String name, PluginException e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", sourceText);
        if (!name.isEmpty()) {
            fields.put("name", name);
        }
        fields.put("stage", e.getClass().getSimpleName());
        fields.put("reason", e.getMessage());
        audit.record(new AuditEvent(clock.instant(), "plugin.install_refused", principal, fields));
    }

    /** Removes staging directories left by processes that died mid-install. */
    private void sweepStaleStaging() throws IOException {
        var dir = home.staging();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (var entry : entries.toList()) {
                var name = entry.getFileName().toString();
                var dash = name.indexOf('-');
                long pid = -1;
                try {
                    pid = dash > 0 ? Long.parseLong(name.substring(0, dash)) : -1;
                } catch (NumberFormatException notOurs) {
                    // Not a staging dir we made: remove it like any stale one.
                }
                if (pid < 0 || ProcessHandle.of(pid).isEmpty()) {
                    Trees.deleteQuietly(entry);
                }
            }
        }
    }
}
