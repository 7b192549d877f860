package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigSection;
import dev.gatehouse.host.HostRuntime;
import dev.gatehouse.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;

/** Every gatehouse.yaml section, by the module that owns it; read together so all problems show at once. */
final class Sections {

    static final List<ConfigSection<?>> ALL = all();

    private Sections() {}

    private static List<ConfigSection<?>> all() {
        var sections = new ArrayList<ConfigSection<?>>(HostRuntime.SECTIONS);
        sections.add(ServerConfig.SECTION);
        // The CLI opens the vault today; the host takes this section over when it resolves secrets.
        return List.copyOf(sections);
    }
}
