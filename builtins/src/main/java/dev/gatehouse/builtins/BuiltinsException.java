package dev.gatehouse.builtins;

/**
 * Base of every failure in the builtins module. A handler never lets one reach the caller as is:
 * refusals become tool errors, and anything else is contained by the host as a plugin error.
 */
public class BuiltinsException extends RuntimeException {

    private final String plugin;

    BuiltinsException(String plugin, String message) {
        super(message);
        this.plugin = plugin;
    }

    BuiltinsException(String plugin, String message, Throwable cause) {
        super(message, cause);
        this.plugin = plugin;
    }

    /** The builtin plugin ({@code files} or {@code http}) that failed. */
    public String plugin() {
        return plugin;
    }
}
