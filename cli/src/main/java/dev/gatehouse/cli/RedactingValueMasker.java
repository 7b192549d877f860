package dev.gatehouse.cli;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.gatehouse.api.operator.TextRedactor;
import net.logstash.logback.mask.ValueMasker;

/**
 * Redacts every string value the logstash encoder writes (message, key-value fields, MDC, stack
 * trace) through the redactor the operator installed in logback's context ({@link LogRedaction}),
 * one JSON value at a time, so the JSON stays well formed. Logback does not hand a value masker
 * its context, so it reads the one SLF4J is bound to. Public only because logback instantiates it by name.
 */
public final class RedactingValueMasker implements ValueMasker {

    /** A fixed redactor (for tests), or the context's holder, looked up on first use and kept. */
    private volatile TextRedactor redactor;

    public RedactingValueMasker() {
        this(null);
    }

    RedactingValueMasker(TextRedactor fixed) {
        this.redactor = fixed;
    }

    /**
     * The most characters of one value a log line keeps. Log messages can quote what a client sent
     * (a library logging an unknown 3 MB notification verbatim); the rest is cut, after redaction,
     * so no secret is ever cut in half and left unrecognised.
     */
    static final int MAX_VALUE_CHARS = 8192;

    /** The redacted (and capped) value, or null (the logstash convention for "leave it") when nothing changed. */
    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (value instanceof CharSequence text) {
            var original = text.toString();
            var in = redactor;
            if (in == null) {
                in = LogRedaction.of(null);
                redactor = in;
            }
            var redacted = in.redact(original);
            if (redacted.length() > MAX_VALUE_CHARS) {
                return redacted.substring(0, MAX_VALUE_CHARS) + "...[" + (redacted.length() - MAX_VALUE_CHARS)
                        + " more characters not logged]";
            }
            return redacted == original ? null : redacted;
        }
        return null;
    }
}
