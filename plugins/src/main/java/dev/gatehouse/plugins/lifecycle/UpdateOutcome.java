package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.plugins.capability.CapabilityDiff;

/** The result of an update: up to date, active at once, or waiting for consent to its diff. */
public record UpdateOutcome(Kind kind, PluginRecord record, InstalledVersion version, CapabilityDiff diff) {

    public enum Kind {
        UP_TO_DATE,
        ACTIVATED,
        PENDING
    }
}
