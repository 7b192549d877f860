package dev.gatehouse.api.tool;

import dev.gatehouse.api.manifest.Capabilities;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the host hands the Execution domain for one call, and all it hands: the plugin's own
 * declared secrets (resolved for this call only), its allowed hosts and paths, its limits and a
 * deadline. It expires with the call; executors never see the vault.
 *
 * @param secrets declared secret name to value; never printed ({@link #toString()} hides them)
 * @param env declared non-secret settings
 */
public record ExecutionGrant(
        String plugin,
        String tool,
        String principalId,
        Instant deadline,
        Map<String, String> secrets,
        Map<String, String> env,
        List<Capabilities.NetRule> net,
        List<Path> readPaths,
        List<Path> writePaths,
        Path stateDir,
        Capabilities.Limits limits) {

    public ExecutionGrant {
        secrets = Map.copyOf(secrets);
        env = Map.copyOf(env);
        net = List.copyOf(net);
        readPaths = List.copyOf(readPaths);
        writePaths = List.copyOf(writePaths);
    }

    @Override
    public String toString() {
        return "ExecutionGrant[plugin=" + plugin + ", tool=" + tool + ", principal=" + principalId + ", deadline="
                + deadline + ", secrets=" + secrets.keySet() + "]";
    }
}
