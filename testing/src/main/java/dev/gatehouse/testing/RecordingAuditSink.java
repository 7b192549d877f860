package dev.gatehouse.testing;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event in memory so tests can assert on what was recorded. */
public final class RecordingAuditSink implements AuditSink {

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final List<AuditEvent> queued = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    /** Kept in order with the others, and also noted as queued rather than acknowledged. */
    @Override
    public void recordQueued(AuditEvent event) {
        events.add(event);
        queued.add(event);
    }

    public List<AuditEvent> queued() {
        return List.copyOf(queued);
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    public List<String> types() {
        return events.stream().map(AuditEvent::type).toList();
    }
}
