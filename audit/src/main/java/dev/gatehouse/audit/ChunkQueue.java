package dev.gatehouse.audit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks the chunks of every segment, in chain order, on a pool of threads, and hands the results
 * back in that order. One pool for the whole log: the threads move on to the next segment while
 * the caller is still joining this one, so no core waits at a segment's end. Only a bounded number
 * of chunks are in flight ahead of the caller.
 */
final class ChunkQueue implements AutoCloseable {

    private final List<SegmentChunks.Plan> plans;
    private final String keyId;
    private final ExecutorService pool;
    private final ThreadLocal<SegmentChunks.Scratch> scratch = ThreadLocal.withInitial(SegmentChunks.Scratch::new);
    private final ArrayDeque<Future<ChunkCheck.Result>> inFlight = new ArrayDeque<>();
    private final int ahead;
    private int nextSegment;
    private int nextChunk;

    ChunkQueue(List<SegmentChunks.Plan> plans, String keyId, int threads) {
        this.plans = plans;
        this.keyId = keyId;
        this.ahead = Math.max(4, 4 * threads);
        var number = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            var t = new Thread(r, "gatehouse-audit-verify-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The result of the next chunk in chain order (the caller knows from the plans how many there are). */
    ChunkCheck.Result next() throws IOException {
        fill();
        var future = inFlight.poll();
        if (future == null) {
            throw new IllegalStateException("no chunk left to check");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while verifying");
        } catch (ExecutionException e) {
            var cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            } else if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            } else if (cause instanceof RuntimeException re) {
                throw re;
            } else if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("a chunk check failed", cause);
        }
    }

    private void fill() {
        while (inFlight.size() < ahead && nextSegment < plans.size()) {
            var plan = plans.get(nextSegment);
            if (nextChunk >= plan.chunks()) {
                nextSegment++;
                nextChunk = 0;
                continue;
            }
            int k = nextChunk++;
            inFlight.add(pool.submit(() -> SegmentChunks.check(plan, k, keyId, scratch.get())));
        }
    }

    /** Drops chunks not yet started (verify stops at its first problem) and waits for the running ones. */
    @Override
    public void close() {
        pool.shutdownNow();
        pool.close();
    }
}
