package dev.gatehouse.cli;

import dev.gatehouse.auth.AuthConfig;
import dev.gatehouse.builtins.BuiltinsConfig;
import dev.gatehouse.config.ConfigSection;
import dev.gatehouse.host.CallsConfig;
import dev.gatehouse.host.WorkspaceConfig;
import dev.gatehouse.policy.PolicyConfig;
import dev.gatehouse.policy.ScopeConfig;
import dev.gatehouse.server.ServerConfig;
import java.util.List;

/** Every gatehouse.yaml section, by the module that owns it; read together so all problems show at once. */
final class Sections {

    static final List<ConfigSection<?>> ALL = List.of(
            ServerConfig.SECTION,
            AuthConfig.SECTION,
            ScopeConfig.SECTION,
            PolicyConfig.SECTION,
            BuiltinsConfig.SECTION,
            CallsConfig.SECTION,
            WorkspaceConfig.SECTION);

    private Sections() {}
}
