package dev.gatehouse.sandbox;

import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.config.PluginLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a tier is given to run one enabled plugin: what the operator consented to, and nothing of
 * the vault. Secrets reach the plugin only per call, in the execution grant.
 *
 * @param directory the installed tree, verified against its digest just before
 * @param digest the installed tree's digest, which names this version of the plugin's runtime
 * @param consentedHooks the hook events of the consent record ({@code pre_tool_call}, ...)
 * @param env the declared non-secret env values the operator configured
 * @param readPaths the declared {@code fs.read} paths, {@code ${workspace}} resolved
 * @param writePaths the declared {@code fs.write} paths, {@code ${workspace}} resolved
 * @param stateDir the plugin's private, writable state directory
 * @param limits the effective limits: the manifest's (within the operator's maxima), else the operator's defaults
 */
public record EnabledPlugin(
        PluginManifest manifest,
        Path directory,
        String digest,
        Set<String> consentedHooks,
        Map<String, String> env,
        List<Path> readPaths,
        List<Path> writePaths,
        Path stateDir,
        PluginLimits limits) {

    public EnabledPlugin {
        consentedHooks = Set.copyOf(consentedHooks);
        env = Map.copyOf(env);
        readPaths = List.copyOf(readPaths);
        writePaths = List.copyOf(writePaths);
    }

    public String name() {
        return manifest.name();
    }
}
