package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.plugins.capability.CapabilityDiff;
import java.util.Optional;

/**
 * What enabling a plugin would consent to: a version, and, when it replaces an enabled one, the
 * capability diff the operator is shown.
 */
public record EnableProposal(PluginRecord record, InstalledVersion target, Optional<CapabilityDiff> diff) {

    /** True when the plugin is already enabled at this version and there is nothing to consent to. */
    public boolean alreadyEnabled() {
        return record.enabled() && diff.isEmpty();
    }
}
