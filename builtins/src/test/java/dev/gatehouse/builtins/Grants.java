package dev.gatehouse.builtins;

import dev.gatehouse.api.manifest.Capabilities;
import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.api.tool.ExecutionGrant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Grants as the host builds them from a consented manifest. */
final class Grants {

    private Grants() {}

    static ExecutionGrant files(String tool, List<Path> read, List<Path> write) {
        return new ExecutionGrant(
                "files",
                tool,
                "user:test",
                Instant.now().plusSeconds(60),
                Map.of(),
                Map.of(),
                List.of(),
                read,
                write,
                Path.of("/nonexistent-state"),
                Capabilities.Limits.unset());
    }

    static ExecutionGrant http(String tool, List<NetRule> net, Instant deadline) {
        return new ExecutionGrant(
                "http",
                tool,
                "user:test",
                deadline,
                Map.of(),
                Map.of(),
                net,
                List.of(),
                List.of(),
                Path.of("/nonexistent-state"),
                Capabilities.Limits.unset());
    }
}
