/**
 * Secret redaction: {@link dev.gatehouse.custody.redact.SecretRedactor} replaces known secret
 * values (and their encoded forms) and common credential shapes with {@code [REDACTED:<name>]};
 * {@link dev.gatehouse.custody.redact.RedactorRegistry} holds the one in force, process-wide for the
 * logging layer.
 */
package dev.gatehouse.custody.redact;
