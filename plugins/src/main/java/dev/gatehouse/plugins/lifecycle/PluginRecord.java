package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.plugins.capability.CapabilitySet;
import java.util.Optional;

/**
 * What the host knows about one installed plugin.
 *
 * @param active the version that runs when the plugin is enabled
 * @param pending a newer version that widens capabilities and waits for consent
 * @param consent present while the plugin is enabled
 * @param tampered why verification failed; a tampered plugin is refused at load until reinstalled
 */
public record PluginRecord(
        String name,
        InstalledVersion active,
        Optional<InstalledVersion> pending,
        boolean enabled,
        Optional<ConsentRecord> consent,
        Optional<String> tampered) {

    public Status status() {
        if (tampered.isPresent()) {
            return Status.TAMPERED;
        }
        if (pending.isPresent()) {
            return Status.UPDATE_PENDING;
        }
        return enabled ? Status.ENABLED : Status.INSTALLED;
    }

    public enum Status {
        INSTALLED,
        ENABLED,
        UPDATE_PENDING,
        TAMPERED;

        public String word() {
            return switch (this) {
                case INSTALLED -> "installed (not enabled)";
                case ENABLED -> "enabled";
                case UPDATE_PENDING -> "update waiting for consent";
                case TAMPERED -> "TAMPERED";
            };
        }
    }

    /** What the operator last agreed to: the consent's set, or the active version's when never enabled. */
    CapabilitySet consented() {
        return consent.map(ConsentRecord::approved).orElse(active.capabilities());
    }

    PluginRecord withActive(InstalledVersion v) {
        return new PluginRecord(name, v, pending, enabled, consent, tampered);
    }

    PluginRecord withPending(Optional<InstalledVersion> p) {
        return new PluginRecord(name, active, p, enabled, consent, tampered);
    }

    PluginRecord withEnabled(boolean on, Optional<ConsentRecord> c) {
        return new PluginRecord(name, active, pending, on, c, tampered);
    }

    PluginRecord withTampered(Optional<String> why) {
        return new PluginRecord(name, active, pending, enabled, consent, why);
    }
}
