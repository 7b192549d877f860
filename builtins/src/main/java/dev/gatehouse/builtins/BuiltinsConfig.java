package dev.gatehouse.builtins;

import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.config.ConfigSection;
import dev.gatehouse.config.GrantedPathSyntax;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code builtins:} section of gatehouse.yaml: which directories the {@code files} tools may
 * touch and which hosts the {@code http} tools may reach. Both default to nothing.
 *
 * <pre>
 * builtins:
 *   files:
 *     roots: {workspace: "${workspace}", docs: /srv/docs}
 *     read_only: [docs]
 *     max_read_bytes: 1048576
 *     max_write_bytes: 1048576
 *   http:
 *     hosts: ["api.example.com:443", "*.example.org"]
 *     allow_private: ["127.0.0.1:8080"]
 *     max_response_bytes: 1048576
 *     max_request_bytes: 1048576
 *     timeout: 30s
 * </pre>
 */
public record BuiltinsConfig(Files files, Http http) {

    public static final ConfigSection<BuiltinsConfig> SECTION =
            new ConfigSection<>("builtins", BuiltinsConfig.class, BuiltinsConfigReader::read);

    /** No roots and no hosts: every call of every builtin is refused until the operator says more. */
    public static BuiltinsConfig defaults() {
        return new BuiltinsConfig(Files.defaults(), Http.defaults());
    }

    /**
     * @param roots root name to root, in the order the operator wrote them
     * @param maxReadBytes the most one {@code files_read} returns
     * @param maxWriteBytes the most one {@code files_write} writes
     */
    public record Files(Map<String, Root> roots, int maxReadBytes, int maxWriteBytes) {

        public static final int DEFAULT_MAX_READ_BYTES = 1024 * 1024;
        public static final int DEFAULT_MAX_WRITE_BYTES = 1024 * 1024;

        public Files {
            roots = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roots));
        }

        public static Files defaults() {
            return new Files(Map.of(), DEFAULT_MAX_READ_BYTES, DEFAULT_MAX_WRITE_BYTES);
        }
    }

    /**
     * A directory the files tools may work in.
     *
     * @param path as the operator wrote it: absolute, or {@code ${workspace}} optionally followed by
     *     {@code /sub/dir}
     * @param readOnly when true the write and delete tools refuse it
     */
    public record Root(String name, String path, boolean readOnly) {

        /**
         * The root's directory on this host, or empty when it lies under the workspace and there is
         * none.
         */
        public Optional<Path> resolve(Optional<Path> workspace) {
            if (path.equals(GrantedPathSyntax.WORKSPACE)) {
                return workspace.map(w -> w.toAbsolutePath().normalize());
            }
            if (path.startsWith(GrantedPathSyntax.WORKSPACE + "/")) {
                var rest = path.substring(GrantedPathSyntax.WORKSPACE.length() + 1);
                return workspace.map(w -> w.toAbsolutePath().resolve(rest).normalize());
            }
            return Optional.of(Path.of(path).normalize());
        }
    }

    /**
     * @param hosts destinations the http tools may reach; a rule without a port allows any port
     * @param allowPrivate exact {@code host:port} pairs that may resolve to loopback, private,
     *     link-local or metadata addresses; each must also be allowed by {@code hosts}
     */
    public record Http(
            List<NetRule> hosts,
            List<NetRule> allowPrivate,
            int maxResponseBytes,
            int maxRequestBytes,
            Duration timeout) {

        public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
        public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

        public Http {
            hosts = List.copyOf(hosts);
            allowPrivate = List.copyOf(allowPrivate);
        }

        public static Http defaults() {
            return new Http(
                    List.of(), List.of(), DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_TIMEOUT);
        }
    }
}
