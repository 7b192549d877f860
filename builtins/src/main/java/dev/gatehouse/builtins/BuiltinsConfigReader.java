package dev.gatehouse.builtins;

import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.config.ConfigList;
import dev.gatehouse.config.ConfigMap;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.Durations;
import dev.gatehouse.config.GrantedPathSyntax;
import dev.gatehouse.config.NetRuleSyntax;
import dev.gatehouse.sandbox.egress.NetRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code builtins:} section, reporting every problem on its node. */
final class BuiltinsConfigReader {

    private static final Pattern ROOT_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final int MAX_BYTES_CAP = 16 * 1024 * 1024;
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 256;

    private BuiltinsConfigReader() {}

    static BuiltinsConfig read(Optional<ConfigNode> section) {
        var map = section.flatMap(ConfigNode::asMap);
        if (map.isEmpty()) {
            return BuiltinsConfig.defaults();
        }
        map.get().allowOnly("files", "http");
        var files =
                map.get().optionalMap("files").map(BuiltinsConfigReader::files).orElse(BuiltinsConfig.Files.defaults());
        var http = map.get().optionalMap("http").map(BuiltinsConfigReader::http).orElse(BuiltinsConfig.Http.defaults());
        return new BuiltinsConfig(files, http);
    }

    private static BuiltinsConfig.Files files(ConfigMap map) {
        map.allowOnly("roots", "read_only", "max_read_bytes", "max_write_bytes");
        var readOnlyNodes = new LinkedHashMap<String, ConfigNode>();
        map.optionalList("read_only").ifPresent(l -> l.items()
                .forEach(item -> item.asString().ifPresent(name -> readOnlyNodes.putIfAbsent(name, item))));
        var roots = new LinkedHashMap<String, BuiltinsConfig.Root>();
        map.optionalMap("roots").ifPresent(r -> {
            if (r.entries().size() > MAX_ENTRIES) {
                r.node().problem("at most " + MAX_ENTRIES + " roots");
            }
            for (var entry : r.entries()) {
                root(entry, readOnlyNodes.containsKey(entry.key()))
                        .ifPresent(root -> roots.putIfAbsent(root.name(), root));
            }
        });
        readOnlyNodes.forEach((name, node) -> {
            if (!roots.containsKey(name)) {
                node.problem("read_only names " + ConfigNode.quote(name) + ", which is not a root");
                return;
            }
            writableAround(roots, roots.get(name))
                    .ifPresent(outer -> node.problem("the read-only root " + ConfigNode.quote(name)
                            + " lies inside the writable root " + ConfigNode.quote(outer)
                            + ", which could write it; make " + ConfigNode.quote(outer)
                            + " read-only too, or move " + ConfigNode.quote(name) + " outside it"));
        });
        return new BuiltinsConfig.Files(
                roots,
                bytes(map, "max_read_bytes", BuiltinsConfig.Files.DEFAULT_MAX_READ_BYTES),
                bytes(map, "max_write_bytes", BuiltinsConfig.Files.DEFAULT_MAX_WRITE_BYTES));
    }

    /** A stand-in for the workspace: roots under it compare with each other as they will once it is known. */
    private static final Optional<java.nio.file.Path> SOME_WORKSPACE =
            Optional.of(java.nio.file.Path.of("/", "${workspace}"));

    /** The writable root that contains {@code inner}, if any. */
    static Optional<String> writableAround(
            java.util.Map<String, BuiltinsConfig.Root> roots, BuiltinsConfig.Root inner) {
        var dir = inner.resolve(SOME_WORKSPACE);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        return roots.values().stream()
                .filter(outer -> !outer.readOnly() && !outer.name().equals(inner.name()))
                .filter(outer -> outer.resolve(SOME_WORKSPACE)
                        .map(o -> dir.get().startsWith(o))
                        .orElse(false))
                .map(BuiltinsConfig.Root::name)
                .findFirst();
    }

    private static Optional<BuiltinsConfig.Root> root(ConfigMap.Entry entry, boolean readOnly) {
        boolean nameOk = ROOT_NAME.matcher(entry.key()).matches();
        if (!nameOk) {
            entry.keyNode()
                    .problem("root name " + ConfigNode.quote(entry.key())
                            + " must be lower-case letters, digits, '_' and '-', starting with a letter");
        }
        var n = entry.value();
        var path = n.asString().filter(p -> {
            var reason = GrantedPathSyntax.problem(p);
            reason.ifPresent(r -> n.problem("root path " + ConfigNode.quote(p) + " " + r));
            return reason.isEmpty();
        });
        return nameOk && path.isPresent()
                ? Optional.of(new BuiltinsConfig.Root(entry.key(), path.get(), readOnly))
                : Optional.empty();
    }

    private static BuiltinsConfig.Http http(ConfigMap map) {
        map.allowOnly("hosts", "allow_private", "max_response_bytes", "max_request_bytes", "timeout");
        var hosts =
                map.optionalList("hosts").map(l -> rules(l, Optional.empty())).orElse(List.of());
        var allowPrivate = map.optionalList("allow_private")
                .map(l -> rules(l, Optional.of(hosts)))
                .orElse(List.of());
        var timeout = map.optional("timeout")
                .flatMap(n -> n.asDuration().filter(d -> {
                    if (d.compareTo(MAX_TIMEOUT) > 0) {
                        n.problem("timeout " + Durations.format(d) + " is above the maximum of "
                                + Durations.format(MAX_TIMEOUT));
                        return false;
                    }
                    return true;
                }))
                .orElse(BuiltinsConfig.Http.DEFAULT_TIMEOUT);
        return new BuiltinsConfig.Http(
                hosts,
                allowPrivate,
                bytes(map, "max_response_bytes", BuiltinsConfig.Http.DEFAULT_MAX_RESPONSE_BYTES),
                bytes(map, "max_request_bytes", BuiltinsConfig.Http.DEFAULT_MAX_REQUEST_BYTES),
                timeout);
    }

    /**
     * @param within for allow_private: the hosts rules each entry must also match; its entries are
     *     exact, one host and one port without a wildcard
     */
    private static List<NetRule> rules(ConfigList list, Optional<List<NetRule>> within) {
        boolean exact = within.isPresent();
        if (list.items().size() > MAX_ENTRIES) {
            list.node().problem("at most " + MAX_ENTRIES + " entries");
        }
        var rules = new ArrayList<NetRule>();
        for (var item : list.items()) {
            item.asString().ifPresent(text -> {
                switch (NetRuleSyntax.parse(text)) {
                    case NetRuleSyntax.Valid v
                    when exact && (v.rule().port().isEmpty() || v.rule().host().startsWith("*.")) ->
                        item.problem("allow_private entry " + ConfigNode.quote(text)
                                + " must be one exact host:port, without a wildcard");
                    case NetRuleSyntax.Valid v
                    when exact
                            && !NetRules.anyMatches(
                                    within.get(),
                                    v.rule().host(),
                                    v.rule().port().getAsInt()) ->
                        item.problem("allow_private entry " + ConfigNode.quote(text)
                                + " is not allowed by hosts; list it there too");
                    case NetRuleSyntax.Valid v -> rules.add(v.rule());
                    case NetRuleSyntax.Invalid i -> item.problem("host " + ConfigNode.quote(text) + ": " + i.reason());
                }
            });
        }
        return rules;
    }

    private static int bytes(ConfigMap map, String key, int fallback) {
        return map.optional(key)
                .flatMap(n -> n.checked(
                        n.asInt(), v -> v >= 1 && v <= MAX_BYTES_CAP, key + " must be from 1 to " + MAX_BYTES_CAP))
                .orElse(fallback);
    }
}
