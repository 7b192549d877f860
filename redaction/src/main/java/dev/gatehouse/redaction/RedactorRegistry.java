package dev.gatehouse.redaction;

import java.util.Objects;

/**
 * Holds the redactor in force and lets the host swap in a new one when secrets change.
 *
 * <p>Thread-safety: the redactor is immutable and published through a volatile field, so any
 * thread sees either the previous redactor or the new one in full, never a mix, without locking on
 * the redaction path. A text being redacted while a swap happens uses whichever it read first. So
 * the host must install a redactor that knows a secret <em>before</em> that secret can appear in
 * output (before it resolves the secret into an execution grant), and should keep redacting a
 * removed or rotated value for as long as output produced with it may still be on its way out.
 *
 * <p>There is no process-wide instance: whoever opens a host makes one and hands it to the host and to
 * whatever else writes out (the CLI's log lines), so two hosts in one JVM share nothing.
 */
public final class RedactorRegistry implements RedactorSource {

    private volatile SecretRedactor current;

    public RedactorRegistry(SecretRedactor initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    @Override
    public SecretRedactor current() {
        return current;
    }

    /** Makes {@code next} the redactor in force for every later {@link #current()}. */
    public void install(SecretRedactor next) {
        current = Objects.requireNonNull(next, "next");
    }

    @Override
    public String toString() {
        return "RedactorRegistry[" + current + "]";
    }
}
