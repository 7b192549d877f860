package dev.gatehouse.api.operator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plugins as the operator sees them: in words for people, with a machine view beside them. */
public final class PluginViews {

    private PluginViews() {}

    /** A manifest that passed every check. */
    public record ManifestCheck(String name, String version, int tools, int hooks, String runtime) {}

    /**
     * Everything one version of a plugin may do, as it is shown before consent.
     *
     * @param publisher the publisher it claims, and whether a trusted key verified that
     * @param capabilities what it may do, one plain sentence each
     */
    public record Description(
            String name,
            String version,
            String description,
            String risk,
            List<String> riskReasons,
            String publisher,
            String trustLevel,
            Optional<String> packageName,
            Optional<String> author,
            String source,
            Optional<String> commit,
            String digest,
            List<String> capabilities,
            List<Tool> tools,
            List<Hook> hooks) {
        public Description {
            riskReasons = List.copyOf(riskReasons);
            capabilities = List.copyOf(capabilities);
            tools = List.copyOf(tools);
            hooks = List.copyOf(hooks);
        }
    }

    public record Tool(String name, String effects, List<String> requiredScopes, String description) {
        public Tool {
            requiredScopes = List.copyOf(requiredScopes);
        }
    }

    public record Hook(String event, String purpose) {}

    /**
     * An installed plugin.
     *
     * @param status in words: {@code enabled}, {@code installed (not enabled)}, {@code enabled, CANNOT RUN}, ...
     * @param cannotRun why an enabled plugin cannot run in this version
     * @param consent who consented, when, how and to which version, in words
     * @param machine the same facts for {@code --json}
     */
    public record Installed(
            String name,
            String version,
            Optional<String> pendingVersion,
            String status,
            String trustLevel,
            String risk,
            Optional<String> cannotRun,
            Optional<String> tampered,
            Optional<String> consent,
            Instant installedAt,
            String installedBy,
            Map<String, Object> machine) {}

    /** An installed plugin and what its active version may do. */
    public record Inspection(Installed plugin, Description description, Map<String, Object> machine) {}

    /** A waiting update: from which version, and each change in words ({@code + ...}, {@code - ...}, {@code ! ...}). */
    public record Change(String fromVersion, List<String> lines) {
        public Change {
            lines = List.copyOf(lines);
        }
    }

    /** What an update did. */
    public record Updated(Kind kind, String activeVersion, String newVersion, List<String> changes, boolean enabled) {
        public Updated {
            changes = List.copyOf(changes);
        }

        public enum Kind {
            /** The source holds the installed tree. */
            UP_TO_DATE,
            /** It widened nothing and is active now. */
            ACTIVATED,
            /** It widens what the plugin may do and waits for consent. */
            PENDING
        }
    }

    /** @param stateKept the state directory left in place, when it was */
    public record Removed(Optional<Path> stateKept) {}

    public record Repaired(String version, String digest) {}

    public record Verified(String name, String version, String digest, Optional<String> problem) {
        public boolean ok() {
            return problem.isEmpty();
        }
    }

    public record TrustedKey(String publisher, String level, String fingerprint, Instant added) {}
}
