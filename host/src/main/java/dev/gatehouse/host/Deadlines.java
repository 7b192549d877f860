package dev.gatehouse.host;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs handlers and hooks each on its own virtual thread, with a deadline the caller never waits
 * past, all deadlines kept by one watchdog thread.
 *
 * <p>Why not {@code future.get(timeout)}: a timed wait on a virtual thread arms a timer in the
 * scheduler and disarms it afterwards, and each of the two wakes the scheduler's timer thread. On
 * this project's 2-vCPU machines those wake-ups were the largest single cost of a no-op call
 * (docs/PERFORMANCE.md). Here a caller registers its deadline in a set and waits untimed; the
 * watchdog sleeps until the earliest deadline it knows and is woken only when a caller brings an
 * earlier one, which calls with the same timeout, arriving in order, never do. At a deadline the
 * watchdog cancels the future (interrupting the handler), which ends the caller's wait at once.
 */
final class Deadlines implements AutoCloseable {

    /** Stands for "no deadline planned": any registration wakes the watchdog. */
    private static final long NONE = Long.MAX_VALUE;

    /** One wait. Each has its own future, which compares by identity, so no two waits are equal. */
    private record Pending(Future<?> future, long deadline) {}

    private final ExecutorService threads;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    // Deadlines count from here, so they compare as plain longs without overflow for centuries.
    private final long origin = System.nanoTime();
    private final Thread watchdog;
    private volatile long wakeAt = NONE;
    private volatile boolean closed;

    Deadlines(ExecutorService threads) {
        this.threads = threads;
        watchdog = Thread.ofPlatform().daemon().name("gatehouse-deadlines").unstarted(this::watch);
        watchdog.start();
    }

    /**
     * The task's result, or {@link TimeoutException} once {@code timeout} has passed, when the task
     * has been interrupted. A task that ignores the interrupt runs on, but nobody waits for it. A
     * caller interrupted while waiting interrupts the task too.
     */
    <T> T run(Callable<T> task, Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
        var future = threads.submit(task);
        try {
            return await(future, timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    private <T> T await(Future<T> future, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long nanos = timeout.toNanos();
        if (closed) {
            return timed(future, nanos);
        }
        var entry = new Pending(future, now() + nanos);
        pending.add(entry);
        if (closed) {
            // Closed while registering: close() may have missed this entry, so time it here.
            pending.remove(entry);
            return timed(future, nanos);
        }
        if (entry.deadline() < wakeAt) {
            LockSupport.unpark(watchdog);
        }
        try {
            return future.get();
        } catch (CancellationException e) {
            // Nobody else cancels these futures: a cancelled one is one the watchdog expired.
            throw new TimeoutException("deadline passed");
        } finally {
            pending.remove(entry);
        }
    }

    /** Shutting down: no watchdog any more, so the wait carries its own timer. */
    private static <T> T timed(Future<T> future, long nanos)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return future.get(nanos, TimeUnit.NANOSECONDS);
        } catch (CancellationException e) {
            throw new TimeoutException("cancelled while shutting down");
        }
    }

    private long now() {
        return System.nanoTime() - origin;
    }

    /**
     * The watchdog's loop. It announces "scanning" (any registration wakes it) before it scans, so
     * an entry its scan misses either woke it or has a deadline after the one it then plans.
     */
    private void watch() {
        while (!closed) {
            wakeAt = NONE;
            long now = now();
            long earliest = NONE;
            for (var entry : pending) {
                if (entry.deadline() <= now) {
                    pending.remove(entry);
                    entry.future().cancel(true);
                } else if (entry.deadline() < earliest) {
                    earliest = entry.deadline();
                }
            }
            wakeAt = earliest;
            if (earliest == NONE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, earliest - now);
            }
        }
    }

    /** Calls waiting now; for tests. */
    int pendingCount() {
        return pending.size();
    }

    /** Stops the watchdog; calls still waiting are ended as timed out, later ones time themselves. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
        for (var entry : pending) {
            entry.future().cancel(true);
        }
        pending.clear();
    }
}
