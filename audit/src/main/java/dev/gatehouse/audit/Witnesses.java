package dev.gatehouse.audit;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands each checkpoint, once it is durable in the log, to every configured witness, in order, on
 * a thread of its own: neither the commit lock nor a caller ever waits for a witness. A witness
 * that fails is reported (never fatal: the log itself is the record) and gets the next one.
 */
final class Witnesses implements Consumer<WitnessedCheckpoint>, AutoCloseable {

    /** Checkpoints waiting for slow witnesses; far more than a log writes in any minute. */
    static final int MAX_QUEUED = 10_000;

    private final List<CheckpointWitness> witnesses;
    private final Consumer<String> warnings;
    private final ExecutorService thread;

    Witnesses(List<CheckpointWitness> witnesses, Consumer<String> warnings) {
        this.witnesses = List.copyOf(witnesses);
        this.warnings = warnings;
        this.thread = witnesses.isEmpty()
                ? null
                : new ThreadPoolExecutor(
                        1,
                        1,
                        0,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(MAX_QUEUED),
                        Thread.ofPlatform()
                                .daemon()
                                .name("gatehouse-audit-witness")
                                .factory());
    }

    static Witnesses none() {
        return new Witnesses(List.of(), warning -> {});
    }

    @Override
    public void accept(WitnessedCheckpoint checkpoint) {
        if (thread == null) {
            return;
        }
        try {
            thread.execute(() -> deliver(checkpoint));
        } catch (RejectedExecutionException e) {
            warnings.accept("audit: checkpoint " + checkpoint.sequence() + " was not given to the witnesses"
                    + " (too many waiting, or the log is closing)");
        }
    }

    private void deliver(WitnessedCheckpoint checkpoint) {
        for (var witness : witnesses) {
            try {
                witness.witness(checkpoint);
            } catch (IOException | RuntimeException e) {
                warnings.accept("audit: the witness " + witness.where() + " did not keep checkpoint "
                        + checkpoint.sequence() + ": " + e.getClass().getSimpleName());
            }
        }
    }

    /** Delivers what is queued (the final checkpoint among it), waiting a bounded time. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2 * HttpWitness.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                warnings.accept("audit: witnesses did not take every checkpoint before the log closed");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
