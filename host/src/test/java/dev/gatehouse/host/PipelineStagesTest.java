package dev.gatehouse.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.hook.HookResult;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.manifest.ToolMiddleware;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.policy.Effect;
import dev.gatehouse.policy.PolicyRule;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The order of the stages and what every call ends in, whatever happens on the way. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineStagesTest {

    static final Map<String, Object> ARGS = Map.of("q", "hello");

    final PipelineFixture fixture = new PipelineFixture();
    final List<String> seen = new CopyOnWriteArrayList<>();

    static ErrorCode code(CallResult r) {
        return ((CallResult.Failure) r).code();
    }

    void preCallHookRecording(HookResult answer) {
        fixture.hooks.add(PipelineFixture.hook("watcher", HookEvent.PRE_TOOL_CALL, c -> {
            seen.add("pre_tool_call " + c.tool());
            return answer;
        }));
    }

    void tool(String name, ToolDefinition.Approval approval) {
        fixture.tool(
                name,
                (t, a, g) -> {
                    seen.add("ran " + t);
                    return ToolOutput.text("done");
                },
                ToolMiddleware.none(),
                ToolDefinition.Effect.WRITE,
                approval,
                true);
    }

    @Test
    void approvalComesAfterThePreCallHooksWhichMayRefuseFirst() {
        tool("pay", ToolDefinition.Approval.ALWAYS);
        preCallHookRecording(HookResult.proceed());

        assertThat(code(fixture.call("pay", ARGS))).isEqualTo(ErrorCode.APPROVAL_REQUIRED);
        assertThat(seen).containsExactly("pre_tool_call pay");

        var blocking = new PipelineFixture();
        blocking.tool(
                "pay",
                (t, a, g) -> ToolOutput.text("never"),
                ToolMiddleware.none(),
                ToolDefinition.Effect.WRITE,
                ToolDefinition.Approval.ALWAYS,
                true);
        blocking.hooks.add(
                PipelineFixture.hook("guard", HookEvent.PRE_TOOL_CALL, c -> new HookResult.Block("not today")));
        assertThat(code(blocking.call("pay", ARGS))).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    void aPolicyReviewIsDecidedInTheApprovalStageAfterTheHooks() {
        tool("transfer", ToolDefinition.Approval.NEVER);
        preCallHookRecording(HookResult.proceed());
        fixture.policies.add(new PolicyRule("big-ones", Effect.REVIEW, "args.q == 'hello'"));

        assertThat(code(fixture.call("transfer", ARGS))).isEqualTo(ErrorCode.APPROVAL_REQUIRED);
        assertThat(fixture.call("transfer", Map.of("q", "small"))).isInstanceOf(CallResult.Success.class);

        assertThat(seen).containsExactly("pre_tool_call transfer", "pre_tool_call transfer", "ran transfer");
        assertThat(fixture.audit.events())
                .filteredOn(e -> e.type().equals("tool.call"))
                .first()
                .satisfies(e -> assertThat(e.fields())
                        .containsEntry("outcome", "APPROVAL_REQUIRED")
                        .containsEntry("detail", "policy big-ones requires review"));
    }

    /** A map that throws when read: output no stage expects, from code that is not a CallFailure. */
    static final class Exploding extends AbstractMap<String, Object> {
        @Override
        public Set<Entry<String, Object>> entrySet() {
            throw new IllegalStateException("CANARY-exploding-output");
        }
    }

    @Test
    void aFaultThatIsNotACallFailureStillEndsInOneToolCallRecordAndAMetric() {
        fixture.tool(
                "odd",
                (t, a, g) ->
                        new ToolOutput(List.of(new ToolOutput.Content.Text("x")), Optional.of(new Exploding()), false),
                ToolMiddleware.none());

        var result = fixture.call("odd", ARGS);

        assertThat(code(result)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(((CallResult.Failure) result).message()).doesNotContain("CANARY");
        assertThat(fixture.audit.events())
                .filteredOn(e -> e.type().equals("tool.call"))
                .singleElement()
                .satisfies(e -> assertThat(e.fields())
                        .containsEntry("tool", "odd")
                        .containsEntry("outcome", "UNAVAILABLE")
                        .containsEntry("detail", "internal error: java.lang.IllegalStateException"));
        assertThat(fixture.meters
                        .get("gatehouse.tool.calls")
                        .tag("outcome", "UNAVAILABLE")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void theCapAppliesOnceToWhatTransformHooksReturn() {
        fixture.tool("echo", (t, a, g) -> ToolOutput.text("short"), ToolMiddleware.none());
        fixture.hooks.add(PipelineFixture.hook(
                "grower",
                HookEvent.TRANSFORM_TOOL_RESULT,
                c -> new HookResult.Replace(ToolOutput.text("y".repeat(5000)))));

        var result = (CallResult.Success) fixture.call("echo", ARGS);

        // The fixture's tools cap at 1024 characters; the note says where it was cut, once.
        var texts = result.output().content().stream()
                .map(c -> ((ToolOutput.Content.Text) c).text())
                .toList();
        assertThat(texts.getFirst()).hasSize(1024);
        assertThat(texts).filteredOn(t -> t.startsWith("[output truncated")).hasSize(1);
    }
}
