package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.plugins.PluginException;

/** The operator's plugin policy (gatehouse.yaml {@code plugins:}) refuses this plugin. */
public final class PolicyRefusedException extends PluginException {

    private final Reason reason;
    private final String plugin;

    public enum Reason {
        NOT_ALLOWLISTED,
        /** The name is allowlisted for another package or publisher: a name-squatting attempt. */
        SQUATTING,
        UNSIGNED,
        TRUST_TOO_LOW
    }

    PolicyRefusedException(Reason reason, String plugin, String message) {
        super(message);
        this.reason = reason;
        this.plugin = plugin;
    }

    public Reason reason() {
        return reason;
    }

    public String plugin() {
        return plugin;
    }
}
