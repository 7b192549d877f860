package dev.gatehouse.redaction;

/**
 * Where the current redactor comes from. Code that redacts on every use (a log encoder, a response
 * writer) asks for {@link #current()} each time instead of keeping a redactor, so that a new set of
 * known secrets takes effect at once.
 */
@FunctionalInterface
public interface RedactorSource {

    /** The redactor to use now; never null. */
    SecretRedactor current();

    /** {@code current().redact(text)}. */
    default String redact(String text) {
        return current().redact(text);
    }
}
