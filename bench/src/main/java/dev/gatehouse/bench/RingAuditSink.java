package dev.gatehouse.bench;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Keeps the last events in memory and nothing else: no I/O, no rendering. With it a measurement
 * shows the pipeline's own cost, without the durable audit log's fsync.
 */
final class RingAuditSink implements AuditSink {

    private final AtomicReferenceArray<AuditEvent> ring;
    private final AtomicLong next = new AtomicLong();

    RingAuditSink(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        ring = new AtomicReferenceArray<>(capacity);
    }

    @Override
    public void record(AuditEvent event) {
        ring.set((int) (next.getAndIncrement() % ring.length()), event);
    }

    /** How many events were recorded since the start, including those the ring has dropped. */
    long recorded() {
        return next.get();
    }
}
