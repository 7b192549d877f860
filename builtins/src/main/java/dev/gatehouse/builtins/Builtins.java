package dev.gatehouse.builtins;

import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.sandbox.egress.HostResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** The bundled builtin plugins, {@code files} and {@code http}, built from the operator's configuration. */
public final class Builtins {

    static final String FILES_MANIFEST = "/builtins/files/plugin.yaml";
    static final String HTTP_MANIFEST = "/builtins/http/plugin.yaml";

    private Builtins() {}

    /**
     * Both builtins, ready to install.
     *
     * @param workspace the directory {@code ${workspace}} stands for in root paths; without one,
     *     roots under the workspace are unavailable
     * @param clock measures the http tools' deadlines
     * @param audit receives the http tools' {@code egress.allowed} and {@code egress.denied} events
     */
    public static List<Builtin> all(BuiltinsConfig config, Optional<Path> workspace, Clock clock, AuditSink audit) {
        return all(config, workspace, clock, HostResolver.system(), SocketOpener.plain(), defaultTls(), audit);
    }

    static List<Builtin> all(
            BuiltinsConfig config,
            Optional<Path> workspace,
            Clock clock,
            HostResolver resolver,
            SocketOpener opener,
            SSLContext tls,
            AuditSink audit) {
        return List.of(files(config.files(), workspace), http(config.http(), clock, resolver, opener, tls, audit));
    }

    static Builtin files(BuiltinsConfig.Files config, Optional<Path> workspace) {
        var handler = new FilesTools(config, workspace);
        var read =
                config.roots().values().stream().map(BuiltinsConfig.Root::path).toList();
        var write = config.roots().values().stream()
                .filter(r -> !r.readOnly())
                .map(BuiltinsConfig.Root::path)
                .toList();
        var capabilities =
                "capabilities:\n  fs:\n    read: " + yamlList(read) + "\n    write: " + yamlList(write) + "\n";
        return new Builtin("files", resource(FILES_MANIFEST) + capabilities, handlers(FilesTools.TOOLS, handler));
    }

    static Builtin http(
            BuiltinsConfig.Http config,
            Clock clock,
            HostResolver resolver,
            SocketOpener opener,
            SSLContext tls,
            AuditSink audit) {
        var handler = new HttpTools(config, clock, resolver, opener, tls, audit);
        var net = config.hosts().stream().map(NetRule::toString).toList();
        var capabilities = "capabilities:\n  net: " + yamlList(net) + "\n";
        return new Builtin("http", resource(HTTP_MANIFEST) + capabilities, handlers(HttpTools.TOOLS, handler));
    }

    private static Map<String, ToolHandler> handlers(List<String> tools, ToolHandler handler) {
        var map = new LinkedHashMap<String, ToolHandler>();
        tools.forEach(t -> map.put(t, handler));
        return map;
    }

    /** A flow list of double-quoted YAML strings; the values were validated, this only quotes. */
    static String yamlList(List<String> values) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"');
            values.get(i).chars().forEach(c -> {
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append((char) c);
            });
            sb.append('"');
        }
        return sb.append(']').toString();
    }

    static String resource(String name) {
        try (var in = Builtins.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new BuiltinsException(name, "bundled manifest missing from the jar: " + name);
            }
            var text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new BuiltinsException("http", "no TLS implementation in this JDK", e);
        }
    }
}
