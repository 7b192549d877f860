package dev.gatehouse.host;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.redaction.RedactorRegistry;

/** Every record the host writes passes the redactor first; it knows every vault value. */
record RedactingAudit(AuditSink raw, RedactorRegistry redactors) implements AuditSink {

    @Override
    public void record(AuditEvent event) {
        raw.record(redactors.current().redact(event));
    }

    @Override
    public void recordQueued(AuditEvent event) {
        raw.recordQueued(redactors.current().redact(event));
    }
}
