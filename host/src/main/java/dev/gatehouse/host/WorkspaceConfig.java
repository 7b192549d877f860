package dev.gatehouse.host;

import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ConfigSection;
import dev.gatehouse.config.GatehouseHome;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The operator-granted root that {@code ${workspace}} stands for in manifests and configuration
 * ({@code workspace: /srv/agent-work} in gatehouse.yaml; default beside the home, {@code $GATEHOUSE_HOME-workspace}).
 */
public record WorkspaceConfig(Optional<Path> path) {

    public static final ConfigSection<WorkspaceConfig> SECTION =
            new ConfigSection<>("workspace", WorkspaceConfig.class, WorkspaceConfig::read);

    static WorkspaceConfig read(Optional<ConfigNode> node) {
        return new WorkspaceConfig(node.flatMap(n -> n.asString().flatMap(s -> {
            var p = Path.of(s);
            if (!p.isAbsolute() || !p.normalize().equals(p)) {
                n.problem("workspace must be an absolute, normalized path");
                return Optional.empty();
            }
            return Optional.of(p);
        })));
    }

    public Path resolve(Path home) {
        return path.orElse(new GatehouseHome(home).defaultWorkspace());
    }
}
