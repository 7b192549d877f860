package dev.gatehouse.config;

import java.nio.file.Path;

/**
 * The layout of {@code $GATEHOUSE_HOME}. One place names every path so no module guesses another's.
 *
 * @param root the home directory itself, absolute
 */
public record GatehouseHome(Path root) {

    public GatehouseHome {
        root = root.toAbsolutePath().normalize();
    }

    public Path configFile() {
        return root.resolve("gatehouse.yaml");
    }

    /** Installed plugin trees and their records, one directory per plugin. */
    public Path plugins() {
        return root.resolve("plugins");
    }

    /** Where installs are assembled before they move into place; on the same file system as plugins/. */
    public Path staging() {
        return plugins().resolve(".staging");
    }

    /** A plugin's private, writable state directory (mode 0700). */
    public Path state(String pluginName) {
        return root.resolve("state").resolve(pluginName);
    }

    /**
     * Where {@code ${workspace}} points unless the operator says otherwise: beside the home, never
     * inside it, so no file root granted to tools contains the vault, the master key or the audit log
     * ({@code ~/.gatehouse} has {@code ~/.gatehouse-workspace}).
     */
    public Path defaultWorkspace() {
        var parent = root.getParent();
        var name = root.getFileName();
        if (parent == null || name == null) {
            throw new IllegalStateException("the home " + root + " has no parent to put a workspace beside");
        }
        return parent.resolve(name + "-workspace");
    }

    public Path trust() {
        return root.resolve("trust");
    }

    public Path audit() {
        return root.resolve("audit");
    }

    /**
     * The host's own witness of the audit log's checkpoints: outside {@code audit/}, so a log cut
     * back or deleted there does not verify as intact. Someone who can change every file in the home
     * can change this one too; witnesses outside the home are what hold against them.
     */
    public Path localWitness() {
        return root.resolve("data").resolve("audit-witness.jsonl");
    }

    /** The embedded database: API keys, plugin records, consents. */
    public Path database() {
        return root.resolve("data").resolve("gatehouse.db");
    }

    /** What a process plugin's server wrote to stderr, redacted and capped ({@code plugins logs NAME}). */
    public Path pluginLog(String pluginName) {
        return root.resolve("logs").resolve("plugins").resolve(pluginName + ".log");
    }
}
