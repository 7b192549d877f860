package dev.gatehouse.plugins;

/**
 * Base of every failure in the plugins module. Each stage (manifest, extraction, provenance,
 * policy, lifecycle) has its own subclass with structured fields. Messages are written for the
 * operator and never contain secret values.
 */
public abstract class PluginException extends RuntimeException {

    protected PluginException(String message) {
        super(message);
    }

    protected PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
