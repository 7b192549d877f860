package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.plugins.capability.CapabilitySet;
import dev.gatehouse.plugins.source.FetchedTree;
import dev.gatehouse.plugins.trust.Provenance;
import java.nio.file.Path;

/**
 * A plugin fetched, validated, hashed and checked against policy, still in staging. Nothing is
 * installed until {@link PluginLifecycle#install} takes it; closing it without that removes every
 * trace of it.
 */
public final class PreparedInstall implements AutoCloseable {

    private final String sourceText;
    private final Path staging;
    private final FetchedTree tree;
    private final PluginManifest manifest;
    private final String digest;
    private final Provenance provenance;
    private final CapabilitySet capabilities;

    PreparedInstall(
            String sourceText,
            Path staging,
            FetchedTree tree,
            PluginManifest manifest,
            String digest,
            Provenance provenance,
            CapabilitySet capabilities) {
        this.sourceText = sourceText;
        this.staging = staging;
        this.tree = tree;
        this.manifest = manifest;
        this.digest = digest;
        this.provenance = provenance;
        this.capabilities = capabilities;
    }

    public String sourceText() {
        return sourceText;
    }

    public PluginManifest manifest() {
        return manifest;
    }

    public String digest() {
        return digest;
    }

    public Provenance provenance() {
        return provenance;
    }

    public CapabilitySet capabilities() {
        return capabilities;
    }

    public FetchedTree tree() {
        return tree;
    }

    Path staging() {
        return staging;
    }

    @Override
    public void close() {
        Trees.deleteQuietly(staging);
    }
}
