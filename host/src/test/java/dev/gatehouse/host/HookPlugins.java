package dev.gatehouse.host;

import dev.gatehouse.api.hook.HookHandler;
import dev.gatehouse.api.manifest.HookDeclaration.HookEvent;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.builtins.Builtin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Builtin plugins for the hook tests, installed by a real host like the bundled ones: {@code echo},
 * a plain tool for hooks to act on, and {@code guard}, whose hooks are what each test varies. The
 * guard also declares a secret and has a tool that prints it, as a careless plugin might.
 */
final class HookPlugins {

    static final String ECHO_SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\",\"maxLength\":100}},"
                    + "\"required\":[\"q\"],\"additionalProperties\":false}";

    /** What {@code echo_say} was called with, in order: what reached the tool after the hooks. */
    final List<Object> echoed = new CopyOnWriteArrayList<>();

    /** The guard's secret as its own tool received it in its grant. */
    final List<String> guardTokens = new CopyOnWriteArrayList<>();

    Builtin echo() {
        var manifest = """
                manifest_version: 1
                name: echo
                version: 1.0.0
                description: Says back what it is given.
                author: Gatehouse tests
                publisher: gatehouse
                package: gatehouse-builtin-echo
                runtime:
                  type: builtin
                provides_tools:
                  - name: echo_say
                    description: Says back the text it is given.
                    input_schema: %s
                    required_scopes: ["echo:read"]
                    effects: read
                scopes:
                  hierarchy:
                    "echo:admin": ["echo:read"]
                """.formatted(ECHO_SCHEMA);
        return new Builtin("echo", manifest, Map.of("echo_say", (tool, args, grant) -> {
            echoed.add(args.get("q"));
            return ToolOutput.text("said " + args.get("q"));
        }));
    }

    /**
     * The guard plugin.
     *
     * @param declared the events its manifest's {@code provides_hooks} lists
     * @param provided the hook code it brings
     * @param extraManifest appended to its manifest (e.g. a scope hierarchy)
     */
    Builtin guard(List<HookEvent> declared, Map<HookEvent, HookHandler> provided, String extraManifest) {
        var hooks = declared.isEmpty()
                ? ""
                : "provides_hooks:\n"
                        + declared.stream()
                                .map(e -> "  - {event: " + e.word() + ", purpose: \"checks every call\"}\n")
                                .collect(Collectors.joining());
        var manifest = """
                manifest_version: 1
                name: guard
                version: 1.0.0
                description: Watches every tool call.
                author: Gatehouse tests
                publisher: gatehouse
                package: gatehouse-builtin-guard
                runtime:
                  type: builtin
                provides_tools:
                  - name: guard_token
                    description: Shows the guard's own token.
                    input_schema: {type: object, additionalProperties: false}
                    required_scopes: ["guard:read"]
                    effects: read
                requires_env:
                  - {name: GUARD_TOKEN, description: "The guard's token", secret: true}
                """ + hooks + extraManifest;
        return new Builtin(
                "guard",
                manifest,
                Map.of("guard_token", (tool, args, grant) -> {
                    var token = grant.secrets().get("GUARD_TOKEN");
                    guardTokens.add(String.valueOf(token));
                    return ToolOutput.text("token=" + token);
                }),
                provided);
    }

    Builtin guard(Map<HookEvent, HookHandler> hooks) {
        return guard(List.copyOf(hooks.keySet()), hooks, "");
    }

    /** A plugin that declares two non-secret env variables and a secret one, and shows the env its grant carries. */
    Builtin envy() {
        var manifest = """
                manifest_version: 1
                name: envy
                version: 1.0.0
                description: Shows its env.
                author: Gatehouse tests
                publisher: gatehouse
                package: gatehouse-builtin-envy
                runtime:
                  type: builtin
                provides_tools:
                  - name: envy_show
                    description: Shows the env it was given.
                    input_schema: {type: object, additionalProperties: false}
                    required_scopes: ["envy:read"]
                    effects: read
                requires_env:
                  - {name: ENVY_BASE_URL, description: "Where to go"}
                  - {name: ENVY_UNSET, description: "Not configured by the operator"}
                  - {name: ENVY_TOKEN, description: "A token", secret: true}
                """;
        return new Builtin(
                "envy",
                manifest,
                Map.of(
                        "envy_show",
                        (tool, args, grant) -> ToolOutput.text(new java.util.TreeMap<>(grant.env()) + " secrets="
                                + grant.secrets().keySet())));
    }
}
