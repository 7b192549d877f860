package dev.gatehouse.plugins.lifecycle;

import dev.gatehouse.plugins.PluginException;

/** A lifecycle step that cannot go ahead; {@link #reason()} says which rule stopped it. */
public final class LifecycleException extends PluginException {

    private final Reason reason;
    private final String plugin;

    public enum Reason {
        NOT_INSTALLED,
        ALREADY_INSTALLED,
        NAME_MISMATCH,
        TAMPERED,
        NOT_ENABLED,
        CONSENT_REQUIRED,
        CHANGED_SINCE_SHOWN,
        BUILTIN_RESERVED,
        /** A repair's source holds another tree than the installed version's. */
        NOT_THE_SAME_TREE,
        STORAGE
    }

    LifecycleException(Reason reason, String plugin, String message) {
        this(reason, plugin, message, null);
    }

    LifecycleException(Reason reason, String plugin, String message, Throwable cause) {
        super(message, cause);
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
