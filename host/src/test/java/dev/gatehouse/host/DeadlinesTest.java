package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// Every wait here that could hang would do so for minutes (the long deadlines) or forever: the
// class timeout turns a watchdog that missed a deadline into a failure.
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeadlinesTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Deadlines deadlines = new Deadlines(HostRuntime.newThreads());

    @AfterEach
    void letHangingTasksGo() {
        release.countDown();
        deadlines.close();
    }

    /** A task like a badly written plugin: it ignores interrupts until the test ends. */
    private String stubborn() {
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // keep waiting
            }
        }
        return "late";
    }

    @Test
    void aTaskThatAnswersInTimeGivesItsResult() throws Exception {
        assertThat(deadlines.run(() -> "ok", Duration.ofMinutes(5))).isEqualTo("ok");
    }

    @Test
    void aTaskThatThrowsGivesItsException() {
        assertThatThrownBy(() -> deadlines.run(
                        () -> {
                            throw new IllegalStateException("boom");
                        },
                        Duration.ofMinutes(5)))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTaskThatIgnoresInterruptsStillReleasesItsCallerAtTheDeadline() {
        assertThatThrownBy(() -> deadlines.run(this::stubborn, Duration.ofMillis(200)))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void theTaskIsInterruptedAtItsDeadline() throws Exception {
        var interrupted = new CountDownLatch(1);
        assertThatThrownBy(() -> deadlines.run(
                        () -> {
                            try {
                                Thread.sleep(Duration.ofMinutes(5));
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                            }
                            return "woke";
                        },
                        Duration.ofMillis(100)))
                .isInstanceOf(TimeoutException.class);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anEarlierDeadlineWakesAWatchdogThatPlannedALaterOne() throws Exception {
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            // The watchdog now plans to wake in five minutes ...
            var longOne = callers.submit(() -> deadlines.run(this::stubborn, Duration.ofMinutes(5)));
            Thread.sleep(100);
            // ... and a call with a short deadline must not wait for that.
            assertThatThrownBy(() -> deadlines.run(this::stubborn, Duration.ofMillis(200)))
                    .isInstanceOf(TimeoutException.class);
            assertThat(longOne).isNotDone();
            release.countDown();
            assertThat(longOne.get()).isEqualTo("late");
        }
    }

    @Test
    void aLaterDeadlineRegisteredWhileTheWatchdogSleepsIsKeptToo() throws Exception {
        // The first call finishes at once; the watchdog still plans to wake at its deadline and
        // must then find the second call, which registers without waking it.
        assertThat(deadlines.run(() -> "quick", Duration.ofMillis(300))).isEqualTo("quick");
        assertThatThrownBy(() -> deadlines.run(this::stubborn, Duration.ofMillis(600)))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void manyConcurrentCallsEachEndAtTheirOwnDeadline() throws Exception {
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var hanging = new ArrayList<java.util.concurrent.Future<Boolean>>();
            var quick = new ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 50; i++) {
                long millis = 100 + 10L * i;
                hanging.add(callers.submit(() -> {
                    try {
                        deadlines.run(this::stubborn, Duration.ofMillis(millis));
                        return false;
                    } catch (TimeoutException e) {
                        return true;
                    }
                }));
                quick.add(callers.submit(() -> deadlines.run(() -> "fine", Duration.ofMillis(millis))));
            }
            for (var f : hanging) {
                assertThat(f.get()).isTrue();
            }
            for (var f : quick) {
                assertThat(f.get()).isEqualTo("fine");
            }
        }
    }

    @Test
    void anInterruptedCallerInterruptsItsTask() throws Exception {
        var started = new CountDownLatch(1);
        var taskInterrupted = new AtomicBoolean();
        var taskEnded = new CountDownLatch(1);
        var caller = Thread.ofVirtual().start(() -> {
            try {
                deadlines.run(
                        () -> {
                            started.countDown();
                            try {
                                Thread.sleep(Duration.ofMinutes(5));
                            } catch (InterruptedException e) {
                                taskInterrupted.set(true);
                            }
                            taskEnded.countDown();
                            return "x";
                        },
                        Duration.ofMinutes(5));
            } catch (InterruptedException expected) {
                // the caller's own interrupt
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();
        caller.interrupt();
        caller.join();
        assertThat(taskEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(taskInterrupted).isTrue();
    }

    @Test
    void closingReleasesWaitingCallersAndLaterCallsStillHaveADeadline() throws Exception {
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var waiting = callers.submit(() -> deadlines.run(this::stubborn, Duration.ofMinutes(5)));
            while (!waitingRegistered()) {
                Thread.sleep(10);
            }
            deadlines.close();
            assertThatThrownBy(waiting::get).hasCauseInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> deadlines.run(this::stubborn, Duration.ofMillis(100)))
                    .isInstanceOf(TimeoutException.class);
        }
    }

    private boolean waitingRegistered() {
        return deadlines.pendingCount() > 0;
    }
}
