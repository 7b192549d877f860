package dev.gatehouse.plugins.capability;

import dev.gatehouse.config.Durations;
import dev.gatehouse.plugins.capability.CapabilityDiff.Change;
import java.util.ArrayList;
import java.util.List;

/** Says in plain words what a plugin may do, and what an update changes, for the operator to read. */
public final class CapabilityWords {

    private CapabilityWords() {}

    public static List<String> describe(CapabilitySet caps) {
        var lines = new ArrayList<String>();
        lines.add(runtimeSentence(caps.runtime(), caps.isolation()));
        caps.tools()
                .forEach((name, grant) -> lines.add("provides the tool " + name + " (" + grant.effects()
                        + "; needs " + String.join(", ", grant.requiredScopes())
                        + (grant.approval().equals("always") ? "; every call needs human approval" : "") + ")"));
        caps.hooks().forEach(h -> lines.add("hooks into " + h + " of every tool call"));
        if (caps.net().isEmpty()) {
            lines.add("has no network access");
        }
        caps.net().forEach(n -> lines.add("may connect to " + n));
        caps.fsRead().forEach(p -> lines.add("may read " + p));
        caps.fsWrite().forEach(p -> lines.add("may write " + p));
        lines.add("may write its own state directory" + (caps.fsWrite().isEmpty() ? " and nothing else" : ""));
        caps.secrets().forEach(s -> lines.add("receives the secret " + s));
        caps.env().forEach(e -> lines.add("receives the setting " + e));
        caps.scopes().stream()
                .filter(s -> s.contains(" -> "))
                .forEach(s -> lines.add("defines that holding " + s.replace(" -> ", " grants ")));
        var l = caps.limits();
        lines.add("is limited to " + l.memoryMb() + " MB of memory, "
                + Durations.format(java.time.Duration.ofMillis(l.timeoutMillis())) + " per call, " + l.cpuSeconds()
                + " CPU seconds, " + l.maxOutputKb() + " KB of output and " + l.processes()
                + (l.processes() == 1 ? " process" : " processes"));
        return lines;
    }

    static String runtimeSentence(String runtime, String isolation) {
        if (runtime.startsWith("process: ")) {
            return "runs as a process (" + runtime.substring("process: ".length()) + "); isolation: " + isolation;
        }
        if (runtime.startsWith("wasm: ")) {
            return "runs as WebAssembly (" + runtime.substring("wasm: ".length()) + "); isolation: " + isolation;
        }
        return "runs inside the host as a builtin; held to this manifest by the host";
    }

    public static List<String> describe(CapabilityDiff diff) {
        if (diff.isEmpty()) {
            return List.of("no capability changes");
        }
        return diff.changes().stream().map(CapabilityWords::describe).toList();
    }

    static String describe(Change c) {
        var sign =
                switch (c.kind()) {
                    case ADDED -> "+ ";
                    case REMOVED -> "- ";
                    case CHANGED, RAISED -> "! ";
                    case LOWERED -> "  ";
                };
        var verb = c.kind() == CapabilityDiff.Kind.REMOVED ? "no longer " : "";
        var text =
                switch (c.category()) {
                    case "tool" ->
                        switch (c.kind()) {
                            case ADDED -> "adds the tool " + c.item();
                            case REMOVED -> "drops the tool " + c.item();
                            default -> "tool " + c.item() + ": " + c.detail() + " changed";
                        };
                    case "hook" -> verb + "hooks into " + c.item();
                    case "net" -> verb + "may connect to " + c.item();
                    case "fs.read" -> verb + "may read " + c.item();
                    case "fs.write" -> verb + "may write " + c.item();
                    case "secret" -> verb + "receives the secret " + c.item();
                    case "env" -> verb + "receives the setting " + c.item();
                    case "scope" -> verb + "uses the scope " + c.item();
                    case "limit" ->
                        "limit " + c.item() + " " + c.kind().name().toLowerCase(java.util.Locale.ROOT) + " "
                                + c.detail();
                    default -> c.category() + " changed: " + c.detail();
                };
        return sign + text;
    }
}
