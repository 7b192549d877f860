package dev.gatehouse.builtins;

/**
 * A call the builtin will not carry out, for a reason the caller may read. Its message is built
 * only from what the caller sent (their relative path, their URL's host) and never from host
 * paths, resolved addresses or secrets.
 */
final class Refusal extends BuiltinsException {

    /** What kind of rule refused the call, for tests and the audit detail. */
    enum Kind {
        ARGUMENTS,
        NOT_CONFIGURED,
        PATH,
        NOT_FOUND,
        SIZE,
        DESTINATION,
        TIMEOUT,
        PROTOCOL
    }

    private final Kind kind;

    Refusal(String plugin, Kind kind, String message) {
        super(plugin, message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
