package dev.gatehouse.plugins;

import java.util.List;

/** Names fixed by the plugin format. */
public final class PluginLayout {

    /** Where a plugin's manifest may live in its tree, in the order they are looked for. */
    public static final List<String> MANIFEST_FILES = List.of("plugin.yaml", "plugin.yml", "plugin.json");

    /**
     * The detached signature over the tree digest, at the tree's root. It is the one file the digest
     * leaves out, since it cannot sign itself.
     */
    public static final String SIGNATURE_FILE = "plugin.sig";

    private PluginLayout() {}
}
