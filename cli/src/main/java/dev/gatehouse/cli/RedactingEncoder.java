package dev.gatehouse.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.gatehouse.api.operator.TextRedactor;
import java.nio.charset.StandardCharsets;

/**
 * The last step before a log line leaves: redacts the whole encoded line once more. The masker in
 * the JSON encoder ({@link RedactingValueMasker}) sees string values only; this pass also covers
 * what it does not see (field names, raw JSON, binary written as base64). Replacements are plain
 * {@code [REDACTED:<name>]} text and the value masker has already taken what could span JSON
 * structure (private-key blocks), so the line stays valid JSON. The redactor is the one the
 * operator installed in logback's context ({@link LogRedaction}). Public only because logback
 * instantiates it by name from {@code logback.xml}.
 */
public final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

    /** A fixed redactor (for tests), or null to read the context's at each line. */
    private final TextRedactor fixed;

    private Encoder<ILoggingEvent> delegate;
    private volatile TextRedactor holder;

    public RedactingEncoder() {
        this(null);
    }

    RedactingEncoder(TextRedactor fixed) {
        this.fixed = fixed;
    }

    /** The encoder that writes the line (set from {@code logback.xml}). */
    public void setDelegate(Encoder<ILoggingEvent> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void start() {
        if (delegate == null) {
            addError("RedactingEncoder needs a <delegate> encoder; nothing will be logged");
            return;
        }
        holder = LogRedaction.of(getContext());
        if (!delegate.isStarted()) {
            delegate.setContext(getContext());
            delegate.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return redact(delegate.headerBytes());
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return redact(delegate.encode(event));
    }

    @Override
    public byte[] footerBytes() {
        return redact(delegate.footerBytes());
    }

    private byte[] redact(byte[] line) {
        if (line == null || line.length == 0) {
            return line;
        }
        var text = new String(line, StandardCharsets.UTF_8);
        var redactor = fixed != null ? fixed : holder != null ? holder : LogRedaction.of(getContext());
        var redacted = redactor.redact(text);
        return redacted == text ? line : redacted.getBytes(StandardCharsets.UTF_8);
    }
}
