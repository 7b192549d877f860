/**
 * Secret redaction: {@link dev.gatehouse.redaction.SecretRedactor} replaces known secret
 * values (and their encoded forms) and common credential shapes with {@code [REDACTED:<name>]};
 * {@link dev.gatehouse.redaction.RedactorRegistry} holds the one in force, process-wide for the
 * logging layer.
 */
package dev.gatehouse.redaction;
