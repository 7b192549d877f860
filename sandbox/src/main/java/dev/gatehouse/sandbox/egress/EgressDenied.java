package dev.gatehouse.sandbox.egress;

/**
 * A destination the egress rules refuse. Its message names only what the caller asked for (host
 * and port) and the rule that refused, never a resolved address, so a tier may hand it to the caller.
 */
public final class EgressDenied extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, as recorded in the {@code egress.denied} audit event's {@code reason}. */
    public enum Reason {
        /** Not a host name, an IPv4 address or a bracketed IPv6 address at all. */
        MALFORMED("malformed"),
        /** The operator's own list for this tier is empty. */
        NOT_CONFIGURED("not_configured"),
        /** Not among the operator's hosts for this tier. */
        NOT_LISTED("not_configured"),
        /** Not among the hosts the plugin was granted. */
        NOT_GRANTED("not_granted"),
        /** A cloud metadata service's name. */
        METADATA("metadata"),
        /** The name did not resolve. */
        UNRESOLVED("unresolved"),
        /** An address that is not the public internet, not allowed for this exact host. */
        INTERNAL_ADDRESS("internal_address");

        private final String word;

        Reason(String word) {
            this.word = word;
        }

        /** The word in the audit record. */
        public String word() {
            return word;
        }
    }

    private final Reason reason;

    EgressDenied(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
