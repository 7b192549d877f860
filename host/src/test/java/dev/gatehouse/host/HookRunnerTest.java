package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.testing.RecordingAuditSink;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HookRunnerTest {

    private static final HookContext CONTEXT =
            new HookContext("echo", "demo", "key:alice", Map.of(), Optional.empty(), Optional.empty());

    @Test
    void runsCancelledBeforeTheyStartedGiveTheirPlaceBack() throws Exception {
        // One thread, kept busy: every hook run waits in its queue until the deadline cancels it.
        var thread = Executors.newSingleThreadExecutor();
        var busy = new CountDownLatch(1);
        thread.submit(() -> {
            busy.await();
            return null;
        });
        var ran = new AtomicInteger();
        var hook = PipelineFixture.hook("watcher", HookEvent.POST_TOOL_CALL, context -> {
            ran.incrementAndGet();
            return HookResult.proceed();
        });
        var audit = new RecordingAuditSink();
        try (var deadlines = new Deadlines(thread)) {
            var runner = new HookRunner(List.of(hook), Duration.ofMillis(20), deadlines, audit, Clock.systemUTC());
            for (int i = 0; i < HookRunner.MAX_IN_FLIGHT + 2; i++) {
                runner.observe(HookEvent.POST_TOOL_CALL, CONTEXT);
            }
            assertThat(ran).hasValue(0);
            assertThat(audit.events()).hasSize(HookRunner.MAX_IN_FLIGHT + 2).allSatisfy(e -> assertThat(
                            String.valueOf(e.fields().get("failure")))
                    .startsWith("did not answer"));

            busy.countDown();
            runner.observe(HookEvent.POST_TOOL_CALL, CONTEXT);

            // None of the cancelled runs kept its place: the hook runs, it is not skipped as stuck.
            assertThat(ran).hasValue(1);
            assertThat(audit.events()).hasSize(HookRunner.MAX_IN_FLIGHT + 2);
        } finally {
            thread.shutdownNow();
            assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
