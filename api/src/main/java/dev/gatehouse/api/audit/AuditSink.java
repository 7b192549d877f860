package dev.gatehouse.api.audit;

/**
 * Where audit events go. An implementation acknowledges an event by returning normally; one that
 * cannot record must throw, because an unrecorded security decision must not pass silently.
 */
@FunctionalInterface
public interface AuditSink {

    void record(AuditEvent event);

    /**
     * Records an event that needs no acknowledgement of its own, such as the start of something
     * whose end is recorded with {@link #record}: it takes its place in the order of events now,
     * and is durable no later than the next event acknowledged after it. If it cannot be written,
     * that next acknowledgement fails instead. Sinks without such a distinction record it at once.
     */
    default void recordQueued(AuditEvent event) {
        record(event);
    }
}
