package dev.gatehouse.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Encodes log lines on one writer thread and writes them to stderr in batches. Public only because
 * logback instantiates it by name from {@code logback.xml}.
 *
 * <p>Why not logback's {@code AsyncAppender} in front of a console appender: its queue signals the
 * writer on every line, so under load each request paid a wake-up of a sleeping thread (a futex
 * call and a context switch on a small machine), and the console appender makes one {@code write}
 * per line. Here callers only enqueue. A busy writer looks again every {@link #setMaxDelayMillis
 * max delay} and writes everything queued with one {@code write}; only a writer that found nothing
 * for a whole delay announces that it sleeps, and only then does the next caller wake it, so an idle
 * server costs nothing and a lone line is written at once. (The logstash encoder's disruptor
 * appender does the same but needs {@code sun.misc.Unsafe}, which JDK 25 warns about on stderr.)
 *
 * <p>Nothing is dropped: when {@link #setQueueSize queue size} lines wait, callers wait too. Lines
 * are encoded on the writer thread only, which keeps the JSON encoder's per-thread buffers warm
 * (request threads are new virtual threads each time). {@link #stop()} writes everything queued
 * before it returns, waiting at most {@link #setMaxFlushMillis max flush}; lines logged after it are
 * dropped.
 */
public final class BatchingStderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** A batch is written when it reaches this size, even if more lines wait. */
    static final int BATCH_BYTES = 64 * 1024;

    private final Supplier<OutputStream> target;
    private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private long maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(10);
    private long maxFlushMillis = 10_000;

    private volatile Thread writer;
    private volatile boolean sleeping;
    private volatile boolean stopping;

    public BatchingStderrAppender() {
        // Looked up for every batch, like logback's console appender, so System.setErr is honoured.
        this(() -> System.err);
    }

    BatchingStderrAppender(Supplier<OutputStream> target) {
        this.target = target;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** How many lines may wait before callers wait too (default 8,192). */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long a busy writer lets lines gather before it writes them (default 10 ms). */
    public void setMaxDelayMillis(long millis) {
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** How long {@link #stop()} waits for queued lines to be written (default 10 s). */
    public void setMaxFlushMillis(long millis) {
        this.maxFlushMillis = millis;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (encoder == null) {
            addError("BatchingStderrAppender needs an <encoder>; nothing will be logged");
            return;
        }
        if (queueSize < 1 || maxDelayNanos < 1 || maxFlushMillis < 0) {
            addError("BatchingStderrAppender: queueSize and maxDelayMillis must be positive and maxFlushMillis"
                    + " not negative; nothing will be logged");
            return;
        }
        stopping = false;
        var thread = new Thread(this::writeLoop, "gatehouse-log-writer");
        // The process's end is decided elsewhere (Logs.flush drains this queue first).
        thread.setDaemon(true);
        writer = thread;
        super.start();
        thread.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // Thread name, MDC and message are fixed now: the line is encoded later, on another thread.
        event.prepareForDeferredProcessing();
        while (queued.get() >= queueSize && !stopping) {
            var thread = writer;
            if (!thread.isAlive()) {
                // Only an Error kills the writer; waiting for it would hang every caller.
                addError("the log writer has stopped; a log line was dropped");
                return;
            }
            LockSupport.unpark(thread);
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        }
        queue.add(event);
        queued.incrementAndGet();
        // After the add: a writer that announced sleep after this read sees the line (it looks
        // again after announcing); one that announced before is woken here.
        if (sleeping) {
            sleeping = false;
            LockSupport.unpark(writer);
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        var thread = writer;
        LockSupport.unpark(thread);
        try {
            thread.join(maxFlushMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            addWarn("BatchingStderrAppender: queued lines not all written within " + maxFlushMillis + " ms");
        }
    }

    /** Lines waiting for the writer (for tests). */
    int queued() {
        return queued.get();
    }

    /** Whether the writer waits to be woken by the next line (for tests). */
    boolean asleep() {
        return sleeping && writer.getState() == Thread.State.WAITING;
    }

    private void writeLoop() {
        var batch = new ByteArrayOutputStream(BATCH_BYTES);
        writeBytes(batch, encoder.headerBytes());
        boolean idleOnce = false;
        while (true) {
            // Nobody else knows this thread, but an interrupt left set would turn every park into a spin.
            Thread.interrupted();
            // Read before draining, so the drain after stop() is a full one.
            boolean last = stopping;
            int lines = drain(batch);
            writeOut(batch);
            if (last) {
                break;
            }
            if (lines > 0 || !idleOnce) {
                // Busy, or just became quiet: look again after one delay, waking nobody.
                idleOnce = lines == 0;
                LockSupport.parkNanos(this, maxDelayNanos);
                continue;
            }
            // Quiet for a whole delay: announce sleep, look once more, then wait to be woken.
            sleeping = true;
            if (queue.isEmpty() && !stopping) {
                LockSupport.park(this);
            }
            sleeping = false;
            idleOnce = false;
        }
        writeBytes(batch, encoder.footerBytes());
        writeOut(batch);
    }

    private int drain(ByteArrayOutputStream batch) {
        int lines = 0;
        ILoggingEvent event;
        while ((event = queue.poll()) != null) {
            queued.decrementAndGet();
            lines++;
            try {
                writeBytes(batch, encoder.encode(event));
            } catch (RuntimeException e) {
                // One line that cannot be encoded must not stop the others; the status names the type
                // only, since the message could hold what the line held.
                addError("a log line could not be encoded: " + e.getClass().getName());
            }
            if (batch.size() >= BATCH_BYTES) {
                writeOut(batch);
            }
        }
        return lines;
    }

    private static void writeBytes(ByteArrayOutputStream batch, byte[] bytes) {
        if (bytes != null) {
            batch.writeBytes(bytes);
        }
    }

    private void writeOut(ByteArrayOutputStream batch) {
        if (batch.size() == 0) {
            return;
        }
        try {
            var out = target.get();
            batch.writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            addError("log lines could not be written: " + e.getClass().getName());
        }
        batch.reset();
    }
}
