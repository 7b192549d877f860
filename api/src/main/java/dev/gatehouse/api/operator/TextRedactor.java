package dev.gatehouse.api.operator;

/** Takes secrets out of a text; returns the same instance when there was nothing to take. */
@FunctionalInterface
public interface TextRedactor {
    String redact(String text);
}
