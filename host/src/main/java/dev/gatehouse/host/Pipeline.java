package dev.gatehouse.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.gateway.ArgumentProblem;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.hook.HookContext;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.manifest.ToolDefinition;
import dev.gatehouse.api.tool.ToolOutput;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The call pipeline of DESIGN section 3, stages 2 to 11, for a principal the host authenticated:
 * resolve, scopes, validate, policies, pre-call hooks, approval, middleware, execute, redaction and
 * output cap (each once), transform and post-call hooks, audit and metrics. Every entry point goes
 * through {@link #call}, and every call ends in one {@code tool.call} record, whatever is thrown.
 */
final class Pipeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.util.function.Supplier<PluginSet> plugins;
    private final RateLimits rateLimits;
    private final ResultCache cache;
    private final ToolRunner runner;
    private final SecretKeeper secrets;
    private final AuditSink audit;
    private final CallMetrics metrics;
    private final Clock clock;

    /** @param plugins the plugin set in force; read once per call */
    Pipeline(
            java.util.function.Supplier<PluginSet> plugins,
            RateLimits rateLimits,
            ResultCache cache,
            ToolRunner runner,
            SecretKeeper secrets,
            AuditSink audit,
            CallMetrics metrics,
            Clock clock) {
        this.plugins = plugins;
        this.rateLimits = rateLimits;
        this.cache = cache;
        this.runner = runner;
        this.secrets = secrets;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    CallResult call(CallRequest request) {
        long started = System.nanoTime();
        var set = plugins.get();
        var hooks = set.hooks();
        var principalId = request.principal().id();
        RegisteredTool tool = null;
        var args = request.arguments() == null ? Map.<String, Object>of() : request.arguments();
        String rule = "";
        try {
            // Stages 2 and 3: resolve, then scopes before anything about the arguments.
            tool = resolve(set.registry(), request.tool());
            set.authorizer().requireScopes(request.principal(), tool);
            if (!tool.available()) {
                throw new CallFailure(ErrorCode.UNAVAILABLE, "plugin " + tool.plugin() + " is enabled but not loaded");
            }
            // Stage 4: validate, and the tool's own reading of the arguments that policies judge.
            validate(tool, args);
            args = normalize(tool, args);
            // Stage 5: policies.
            var verdict = set.authorizer().authorize(request.principal(), tool, args, request.context());
            rule = verdict.rule();
            // Stage 6: pre-call hooks, which may block or rewrite.
            args = preCallHooks(hooks, tool, principalId, args);
            // Stage 7: approval.
            approval(tool, verdict);
            // Stages 8 and 9: middleware, then the grant and the tier.
            rateLimits.acquire(tool, principalId);
            var cached = cache.get(tool, principalId, args);
            ToolOutput output;
            if (cached.isPresent()) {
                output = cached.get();
            } else {
                executing(request, tool, rule, args);
                var raw = runner.run(tool, principalId, args);
                // Stage 10, redaction, once: before anything else sees the output (the cache, the
                // hooks, the caller), with the redactor as it is after the run (resolving the grant
                // may have just updated it). Hooks get no secrets, so what they add needs none.
                output = secrets.redactor().redact(raw);
                cache.put(tool, principalId, args, output);
            }
            // Transform hooks, then the output cap, once, on what the caller will get.
            output = cap(tool, transform(hooks, tool, principalId, args, output));
            observe(hooks, tool, principalId, args, output);
            finished(
                    request,
                    tool,
                    rule,
                    output.isError() ? "tool_error" : "ok",
                    "",
                    output,
                    started,
                    cached.isPresent());
            return new CallResult.Success(output);
        } catch (CallFailure f) {
            if (tool != null && !hooks.none(HookEvent.ON_ERROR)) {
                hooks.observe(
                        HookEvent.ON_ERROR,
                        hookContext(tool, principalId, args, Optional.empty(), Optional.of(f.code())));
            }
            finished(request, tool, rule, f.code().name(), f.getMessage(), null, started, false);
            return new CallResult.Failure(f.code(), f.code().message(), f.retryAfter(), f.problems());
        } catch (RuntimeException e) {
            // A fault of the host's own (a stage, a library): the call still ends in its record.
            // Only the exception's type: its message may quote anything.
            finished(
                    request,
                    tool,
                    rule,
                    ErrorCode.UNAVAILABLE.name(),
                    "internal error: " + e.getClass().getName(),
                    null,
                    started,
                    false);
            return new CallResult.Failure(
                    ErrorCode.UNAVAILABLE, ErrorCode.UNAVAILABLE.message(), Optional.empty(), java.util.List.of());
        } catch (Error e) {
            finished(
                    request,
                    tool,
                    rule,
                    "internal_error",
                    "internal error: " + e.getClass().getName(),
                    null,
                    started,
                    false);
            throw e;
        }
    }

    /**
     * Stage 7: a call that needs a human's approval, because the tool asks for it on every call or
     * a policy said {@code review}. Until approvals exist (a later issue fills this stage in), such
     * a call cannot go ahead: it is refused with {@code APPROVAL_REQUIRED}, after the pre-call hooks
     * had their say.
     */
    private static void approval(RegisteredTool tool, Authorizer.Verdict verdict) {
        if (tool.definition().approval() == ToolDefinition.Approval.ALWAYS) {
            throw new CallFailure(ErrorCode.APPROVAL_REQUIRED, "the tool requires approval for every call");
        }
        if (verdict.review().isPresent()) {
            throw new CallFailure(ErrorCode.APPROVAL_REQUIRED, verdict.review().get());
        }
    }

    private static RegisteredTool resolve(ToolRegistry registry, String name) {
        var tool = name == null ? null : registry.find(name);
        if (tool == null) {
            throw new CallFailure(ErrorCode.NOT_FOUND, "no enabled plugin provides this tool");
        }
        if (!tool.pinned()) {
            throw new CallFailure(ErrorCode.NOT_FOUND, "tool definition differs from the one consented to");
        }
        return tool;
    }

    private static void validate(RegisteredTool tool, Map<String, Object> args) {
        var malformed = WellFormedText.firstMalformed(args);
        if (malformed.isPresent()) {
            throw new CallFailure(
                    ErrorCode.INVALID_ARGUMENTS, "a lone surrogate (not Unicode text) at " + malformed.get());
        }
        var errors = tool.schema().validate(JSON.valueToTree(args));
        if (!errors.isEmpty()) {
            // Validation messages can quote argument values; the audit detail keeps only where.
            var where = errors.stream()
                    .limit(5)
                    .map(e -> String.valueOf(e.getInstanceLocation()) + " " + e.getKeyword())
                    .toList();
            // The caller may call this tool (scopes were checked first), so it may learn which
            // argument is wrong and how; never the value it sent.
            var forCaller =
                    errors.stream().limit(3).map(Pipeline::describe).distinct().toList();
            throw new CallFailure("schema violations at " + where, forCaller);
        }
    }

    /** One schema violation as the caller may learn it: the argument's name or place and the kind of rule. */
    static ArgumentProblem describe(com.networknt.schema.Error e) {
        var place = argumentName(String.valueOf(e.getInstanceLocation()));
        var property = e.getProperty() == null ? "" : e.getProperty();
        return switch (e.getKeyword()) {
            case "required" -> new ArgumentProblem(join(place, property), ArgumentProblem.Rule.REQUIRED);
            case "additionalProperties", "unevaluatedProperties", "propertyNames" ->
                new ArgumentProblem(join(place, property), ArgumentProblem.Rule.NOT_ACCEPTED);
            case "type" -> new ArgumentProblem(place, ArgumentProblem.Rule.WRONG_TYPE);
            case "maxLength",
                    "minLength",
                    "maximum",
                    "minimum",
                    "exclusiveMaximum",
                    "exclusiveMinimum",
                    "maxItems",
                    "minItems",
                    "maxProperties",
                    "minProperties" -> new ArgumentProblem(place, ArgumentProblem.Rule.OUT_OF_BOUNDS);
            case "enum", "const", "pattern", "format", "multipleOf", "uniqueItems" ->
                new ArgumentProblem(place, ArgumentProblem.Rule.NOT_ALLOWED);
            default -> new ArgumentProblem(place, ArgumentProblem.Rule.INVALID);
        };
    }

    /** {@code $.a.b[0]} or {@code /a/b/0} as {@code a.b[0]}; the whole arguments object as {@code (arguments)}. */
    private static String argumentName(String location) {
        var name = location.startsWith("$") ? location.substring(1) : location.replace('/', '.');
        name = name.startsWith(".") ? name.substring(1) : name;
        return name.isEmpty() ? "(arguments)" : name;
    }

    private static String join(String place, String property) {
        return place.equals("(arguments)") ? property : place + "." + property;
    }

    /** The tool's own reading of its arguments, which policies judge and the tool then runs with. */
    private static Map<String, Object> normalize(RegisteredTool tool, Map<String, Object> args) {
        try {
            var normalized = tool.handler().normalize(tool.name(), args);
            return normalized == null ? args : normalized;
        } catch (RuntimeException e) {
            throw new CallFailure(
                    ErrorCode.PLUGIN_ERROR,
                    "normalizing the arguments failed: " + e.getClass().getName());
        }
    }

    private static Map<String, Object> preCallHooks(
            HookRunner hooks, RegisteredTool tool, String principalId, Map<String, Object> args) {
        if (hooks.none(HookEvent.PRE_TOOL_CALL)) {
            return args;
        }
        var outcome = hooks.preCall(
                hookContext(tool, principalId, args, Optional.empty(), Optional.empty()),
                candidate -> tool.schema().validate(JSON.valueToTree(candidate)).isEmpty());
        if (outcome.blockedBy().isPresent()) {
            throw new CallFailure(
                    ErrorCode.PERMISSION_DENIED,
                    "blocked by hook " + outcome.blockedBy().get());
        }
        return outcome.arguments();
    }

    private static ToolOutput transform(
            HookRunner hooks, RegisteredTool tool, String principalId, Map<String, Object> args, ToolOutput output) {
        if (hooks.none(HookEvent.TRANSFORM_TOOL_RESULT)) {
            return output;
        }
        return hooks.transform(hookContext(tool, principalId, args, Optional.empty(), Optional.empty()), output);
    }

    private static void observe(
            HookRunner hooks, RegisteredTool tool, String principalId, Map<String, Object> args, ToolOutput output) {
        if (!hooks.none(HookEvent.POST_TOOL_CALL)) {
            hooks.observe(
                    HookEvent.POST_TOOL_CALL,
                    hookContext(tool, principalId, args, Optional.of(output), Optional.empty()));
        }
    }

    private static HookContext hookContext(
            RegisteredTool tool,
            String principalId,
            Map<String, Object> args,
            Optional<ToolOutput> output,
            Optional<ErrorCode> error) {
        return new HookContext(tool.name(), tool.plugin(), principalId, args, output, error);
    }

    /** Cuts text content beyond the plugin's output limit, saying so in the output itself. */
    static ToolOutput cap(RegisteredTool tool, ToolOutput output) {
        long max = tool.maxOutputChars();
        if (output.textLength() <= max) {
            return output;
        }
        var kept = new java.util.ArrayList<ToolOutput.Content>();
        long left = max;
        for (var c : output.content()) {
            if (c instanceof ToolOutput.Content.Text t) {
                if (left <= 0) {
                    continue;
                }
                var text = t.text().length() <= left ? t.text() : t.text().substring(0, (int) left);
                left -= text.length();
                kept.add(new ToolOutput.Content.Text(text));
            } else {
                kept.add(c);
            }
        }
        kept.add(new ToolOutput.Content.Text("[output truncated at " + max / 1024 + " KB]"));
        return new ToolOutput(kept, Optional.empty(), output.isError());
    }

    private void finished(
            CallRequest request,
            RegisteredTool tool,
            String rule,
            String outcome,
            String detail,
            ToolOutput output,
            long started,
            boolean cached) {
        long nanos = System.nanoTime() - started;
        // An unknown name is caller input: bounded in the audit record, and one label in metrics.
        var toolName = tool == null ? bounded(String.valueOf(request.tool())) : tool.name();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tool", toolName);
        fields.put("plugin", tool == null ? "" : tool.plugin());
        fields.put("outcome", outcome);
        fields.put("authorization", rule);
        fields.put("duration_us", nanos / 1000);
        fields.put("surface", request.context().surface());
        fields.put("client", request.context().clientAddress());
        if (output != null) {
            fields.put("output_chars", output.textLength());
            fields.put("cached", cached);
        }
        if (!detail.isEmpty()) {
            fields.put("detail", detail);
        }
        audit.record(
                new AuditEvent(clock.instant(), "tool.call", request.principal().id(), fields));
        metrics.record(tool == null ? "(unknown)" : toolName, outcome, nanos);
    }

    /**
     * {@code tool.started}: the call passed every check and its tool runs now. Queued rather than
     * acknowledged, so it costs no fsync of its own: the {@code tool.call} that follows waits for
     * both. A host that dies mid-call still leaves it once its batch is on disk.
     */
    private void executing(CallRequest request, RegisteredTool tool, String rule, Map<String, Object> args) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tool", tool.name());
        fields.put("plugin", tool.plugin());
        fields.put("authorization", rule);
        fields.put("timeout_ms", tool.timeout().toMillis());
        fields.put("argument_chars", textLength(args, 0));
        fields.put("surface", request.context().surface());
        fields.put("client", request.context().clientAddress());
        audit.recordQueued(new AuditEvent(
                clock.instant(), "tool.started", request.principal().id(), fields));
    }

    /** Characters in the arguments' keys and values, a size that needs no serialisation. */
    static long textLength(Object value, int depth) {
        if (depth > 64) {
            // Arguments passed schema validation; anything deeper is counted as one opaque value.
            return 1;
        }
        return switch (value) {
            case null -> 4;
            case Map<?, ?> map -> {
                long n = 0;
                for (var e : map.entrySet()) {
                    n += String.valueOf(e.getKey()).length() + textLength(e.getValue(), depth + 1);
                }
                yield n;
            }
            case java.util.Collection<?> list -> {
                long n = 0;
                for (var item : list) {
                    n += textLength(item, depth + 1);
                }
                yield n;
            }
            case CharSequence text -> text.length();
            default -> String.valueOf(value).length();
        };
    }

    private static String bounded(String text) {
        return text.length() <= 128 ? text : text.substring(0, 128) + "...";
    }

    /** The plugin set in force now, for listing tools. */
    PluginSet plugins() {
        return plugins.get();
    }
}
