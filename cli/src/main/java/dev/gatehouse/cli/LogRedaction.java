package dev.gatehouse.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Context;
import dev.gatehouse.api.operator.TextRedactor;
import dev.gatehouse.host.operator.HostOperator;
import org.slf4j.LoggerFactory;

/**
 * The redactor the log encoders ({@link RedactingEncoder}, {@link RedactingValueMasker}) use. One
 * holder per logging context, kept in logback's own context object map (no static of ours); the
 * encoders take the holder itself when they start, so lines still queued when logback stops (and
 * clears that map) are redacted as before. Until an operator installs its redactor, credential
 * shapes only.
 */
final class LogRedaction implements TextRedactor {

    static final String KEY = "dev.gatehouse.redactor";

    private volatile TextRedactor current = HostOperator.patternsOnly();

    @Override
    public String redact(String text) {
        return current.redact(text);
    }

    /** Makes {@code redactor} the one every later log line passes. */
    static void install(TextRedactor redactor) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            of(context).current = redactor;
        }
    }

    /** The holder of this logging context (or of the one SLF4J is bound to, for a component given none). */
    static LogRedaction of(Context context) {
        var in = context != null ? context : LoggerFactory.getILoggerFactory() instanceof Context c ? c : null;
        if (in == null) {
            return new LogRedaction();
        }
        synchronized (in.getConfigurationLock()) {
            if (in.getObject(KEY) instanceof LogRedaction holder) {
                return holder;
            }
            var holder = new LogRedaction();
            in.putObject(KEY, holder);
            return holder;
        }
    }
}
