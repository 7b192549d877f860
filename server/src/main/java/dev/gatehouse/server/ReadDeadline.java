package dev.gatehouse.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * A request must arrive whole within {@code server.read_timeout}. Jetty's idle timeout restarts at
 * every byte, so a client trickling a header or body a byte at a time kept a connection (and a
 * thread's worth of parser state) for minutes. This watches every connection: one that keeps
 * receiving bytes without a new request starting for longer than the deadline is closed. An idle
 * connection (no bytes) is left to the idle timeout, and a response stream the client only reads
 * is never cut.
 */
final class ReadDeadline extends AbstractLifeCycle implements Connection.Listener {

    /** What a connection had received at the last sweep, and since when bytes arrive without a new request. */
    private static final class Progress {
        long messages;
        long bytes;
        long lastByteAt;
        long pendingSince = -1;

        Progress(long messages, long now) {
            this.messages = messages;
            this.lastByteAt = now;
        }
    }

    private final long deadlineNanos;
    private final Map<Connection, Progress> watched = new ConcurrentHashMap<>();
    private final long periodMillis;
    private ScheduledExecutorService sweeper;

    ReadDeadline(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
        this.periodMillis = Math.max(50, Math.min(1000, deadline.toMillis() / 4));
    }

    /** Started and stopped with the server, as one of its managed beans. */
    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gatehouse-read-deadline").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
    }

    @Override
    public void onOpened(Connection connection) {
        watched.put(connection, new Progress(connection.getMessagesIn(), System.nanoTime()));
    }

    @Override
    public void onClosed(Connection connection) {
        watched.remove(connection);
    }

    /**
     * Closes connections that keep receiving bytes without a new request starting for longer than
     * the deadline. A new request, or silence longer than the deadline (a keep-alive pause), starts
     * the clock again; short pauses do not, so a client cannot trickle by waiting between bytes.
     */
    void sweep() {
        long now = System.nanoTime();
        watched.forEach((connection, p) -> {
            long messages = connection.getMessagesIn();
            long bytes = connection.getBytesIn();
            if (messages != p.messages) {
                p.messages = messages;
                p.bytes = bytes;
                p.lastByteAt = now;
                p.pendingSince = -1;
                return;
            }
            if (bytes != p.bytes) {
                p.bytes = bytes;
                p.lastByteAt = now;
                if (p.pendingSince < 0) {
                    p.pendingSince = now;
                }
            } else if (now - p.lastByteAt > deadlineNanos) {
                p.pendingSince = -1;
            }
            if (p.pendingSince >= 0 && now - p.pendingSince > deadlineNanos) {
                watched.remove(connection);
                connection.close();
            }
        });
    }
}
