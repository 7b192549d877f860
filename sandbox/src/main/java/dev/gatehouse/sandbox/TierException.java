package dev.gatehouse.sandbox;

/**
 * A tier cannot run a plugin. The message is for the operator ({@code plugins list}, the console,
 * the {@code plugin.not_loaded} audit event) and never reaches a caller, who gets {@code UNAVAILABLE}.
 */
public final class TierException extends Exception {

    private static final long serialVersionUID = 1L;

    public TierException(String message) {
        super(message);
    }
}
