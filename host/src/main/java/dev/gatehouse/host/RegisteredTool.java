package dev.gatehouse.host;

import com.networknt.schema.Schema;
import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tool ready for calls: its consented definition, compiled schema, effective scopes and
 * middleware (manifest, then operator overrides), its handler and the grant it runs under.
 *
 * @param pinned whether the definition still matches the fingerprint the operator consented to;
 *     an unpinned tool is hidden and refused until re-consent
 * @param maxOutputChars output beyond this is cut before it leaves the host
 */
record RegisteredTool(
        String name,
        String plugin,
        ToolDefinition definition,
        List<String> requiredScopes,
        Schema schema,
        ToolHandler handler,
        GrantTemplate grant,
        Duration timeout,
        Optional<ToolMiddleware.RateLimit> rateLimit,
        Optional<ToolMiddleware.Cache> cache,
        Optional<ToolMiddleware.Retry> retry,
        long maxOutputChars,
        boolean pinned,
        ToolView view) {

    /**
     * Whether the tool can run: false for a plugin that is enabled but whose tier cannot run it
     * (see {@link UnavailableTier}). Such a tool is not listed, and a caller allowed to call it gets
     * {@code UNAVAILABLE} rather than {@code NOT_FOUND}.
     */
    boolean available() {
        return !(handler instanceof UnavailableTier);
    }

    /** Everything of a grant but the call-specific parts; secrets appear only by name. */
    record GrantTemplate(
            String plugin,
            java.util.Map<String, String> env,
            List<dev.gatehouse.api.manifest.Capabilities.NetRule> net,
            List<java.nio.file.Path> readPaths,
            List<java.nio.file.Path> writePaths,
            java.nio.file.Path stateDir,
            dev.gatehouse.api.manifest.Capabilities.Limits limits,
            List<String> secretNames) {

        /** @param secrets the declared secrets' values, resolved for this call only and never kept */
        ExecutionGrant forCall(
                String tool, String principalId, Instant deadline, java.util.Map<String, String> secrets) {
            return new ExecutionGrant(
                    plugin, tool, principalId, deadline, secrets, env, net, readPaths, writePaths, stateDir, limits);
        }
    }
}
