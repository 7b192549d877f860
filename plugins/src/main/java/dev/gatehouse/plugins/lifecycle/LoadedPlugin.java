package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.api.manifest.PluginManifest;
import java.nio.file.Path;

/** An enabled plugin whose tree was just verified against its digest, ready for the host. */
public record LoadedPlugin(PluginRecord record, PluginManifest manifest, Path directory) {}
