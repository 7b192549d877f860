package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log writer: nothing lost, per-thread order kept, callers held back by a full queue, lines
 * written in batches, an idle writer woken by the next line, a bad line contained.
 */
class BatchingStderrAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final RecordingStream out = new RecordingStream();
    private BatchingStderrAppender appender;

    BatchingStderrAppenderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void tearDown() {
        out.open();
        if (appender != null) {
            appender.stop();
        }
    }

    @Test
    void everyLineFromManyThreadsIsWrittenInItsThreadsOrder() throws Exception {
        start(pattern(), 8192);
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 500; i++) {
                    log("t" + id + " " + i);
                }
            }));
        }
        for (var thread : threads) {
            thread.join();
        }
        appender.stop();

        var last = new HashMap<String, Integer>();
        var lines = out.lines();
        assertThat(lines).hasSize(8 * 500);
        for (var line : lines) {
            var parts = line.split(" ");
            int n = Integer.parseInt(parts[1]);
            assertThat(n).as(line).isEqualTo(last.getOrDefault(parts[0], -1) + 1);
            last.put(parts[0], n);
        }
    }

    @Test
    void callersWaitWhileTheQueueIsFullAndNoLineIsDropped() throws Exception {
        out.close();
        start(pattern(), 4);
        var producer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 50; i++) {
                log("line " + i);
            }
        });
        // The writer is stuck in its first write; four more lines fill the queue; the caller waits.
        await(() -> out.blockedWrites() == 1 && appender.queued() == 4);
        assertThat(producer.isAlive()).isTrue();

        out.open();
        producer.join(Duration.ofSeconds(30));
        assertThat(producer.isAlive()).isFalse();
        appender.stop();
        assertThat(out.lines()).hasSize(50).first().isEqualTo("line 0");
        assertThat(out.lines()).last().isEqualTo("line 49");
    }

    @Test
    void linesQueuedWhileTheWriterIsBusyLeaveInOneWrite() throws Exception {
        out.close();
        start(pattern(), 8192);
        for (int i = 0; i < 1000; i++) {
            log("line " + i);
        }
        await(() -> out.blockedWrites() == 1);
        out.open();
        appender.stop();

        assertThat(out.lines()).hasSize(1000);
        // One write per line would be 1,000 writes; the first batch may hold one line or all.
        assertThat(out.writes()).isBetween(1, 2);
    }

    @Test
    void anIdleWriterIsWokenByTheNextLine() throws Exception {
        start(pattern(), 8192);
        log("first");
        await(() -> out.lines().contains("first") && appender.asleep());

        log("second");
        // An asleep writer waits without a deadline: only the caller's wake-up writes this line.
        await(() -> out.lines().contains("second"));
    }

    @Test
    void aLineThatCannotBeEncodedDoesNotStopTheOthersNorLeakItsText() throws Exception {
        var canary = "canary-in-exception-message";
        start(new ThrowingEncoder(pattern(), canary), 8192);
        log("before");
        log("bad");
        log("after");
        appender.stop();

        assertThat(out.lines()).containsExactly("before", "after");
        var errors = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.ERROR)
                .map(Status::getMessage)
                .toList();
        assertThat(errors).anySatisfy(m -> assertThat(m).contains("IllegalStateException"));
        assertThat(String.join("\n", errors)).doesNotContain(canary);
    }

    @Test
    void stopWritesEverythingQueuedAndLaterLinesAreDropped() {
        start(pattern(), 8192);
        for (int i = 0; i < 300; i++) {
            log("line " + i);
        }
        appender.stop();
        log("too late");

        assertThat(out.lines())
                .as(context.getStatusManager().getCopyOfStatusList().toString())
                .hasSize(300)
                .doesNotContain("too late");
    }

    @Test
    void anInterruptedWriterKeepsWriting() throws Exception {
        start(pattern(), 8192);
        log("first");
        await(() -> out.lines().contains("first"));
        writerThread().interrupt();
        log("second");
        await(() -> out.lines().contains("second"));
        // Back to waiting for the next line rather than spinning on the interrupt, and still alive.
        await(() -> appender.asleep());
        appender.stop();
        assertThat(out.lines()).containsExactly("first", "second");
    }

    @Test
    void withoutAnEncoderItRefusesToStart() {
        appender = new BatchingStderrAppender(() -> out);
        appender.setContext(context);
        appender.start();

        assertThat(appender.isStarted()).isFalse();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anySatisfy(s -> assertThat(s.getMessage()).contains("needs an <encoder>"));
    }

    private void start(Encoder<ILoggingEvent> encoder, int queueSize) {
        appender = new BatchingStderrAppender(() -> out);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
    }

    private static Thread writerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gatehouse-log-writer"))
                .findFirst()
                .orElseThrow();
    }

    private PatternLayoutEncoder pattern() {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        return encoder;
    }

    private void log(String message) {
        var event = new LoggingEvent(getClass().getName(), context.getLogger("test"), Level.INFO, message, null, null);
        appender.doAppend(event);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("condition not reached within 30 s")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Records what is written and how many writes; a closed gate holds writers until opened. */
    private static final class RecordingStream extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final AtomicInteger writes = new AtomicInteger();
        private final AtomicInteger blocked = new AtomicInteger();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void close() {
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        int blockedWrites() {
            return blocked.get();
        }

        int writes() {
            return writes.get();
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            var current = gate;
            if (current.getCount() > 0) {
                blocked.incrementAndGet();
                try {
                    current.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        List<String> lines() {
            synchronized (bytes) {
                var text = bytes.toString(StandardCharsets.UTF_8);
                return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
            }
        }
    }

    /** Fails on the line "bad" with an exception whose message holds text that must not leak. */
    private static final class ThrowingEncoder extends EncoderBase<ILoggingEvent> {
        private final Encoder<ILoggingEvent> delegate;
        private final String secret;

        ThrowingEncoder(Encoder<ILoggingEvent> delegate, String secret) {
            this.delegate = delegate;
            this.secret = secret;
        }

        @Override
        public byte[] headerBytes() {
            return delegate.headerBytes();
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            if (event.getFormattedMessage().equals("bad")) {
                throw new IllegalStateException(secret);
            }
            return delegate.encode(event);
        }

        @Override
        public byte[] footerBytes() {
            return delegate.footerBytes();
        }
    }
}
