package dev.gatehouse.api.audit;

/**
 * Where audit events go. An implementation acknowledges an event by returning normally; one that
 * cannot record must throw, because an unrecorded security decision must not pass silently.
 */
@FunctionalInterface
public interface AuditSink {

    void record(AuditEvent event);
}
