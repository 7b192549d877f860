package dev.gatehouse.audit;

import dev.gatehouse.audit.AuditLogOptions.Acknowledge;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ConfigSection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code audit} section of gatehouse.yaml:
 *
 * <pre>
 * audit:
 *   acknowledge: durable   # durable | written
 *   sync_interval: 10ms    # with written: the longest a written record waits for its fsync
 *   witnesses:             # copies of every signed checkpoint, kept outside the home
 *     - file: /mnt/witness/gatehouse-checkpoints.jsonl
 *     - url: https://witness.example.org/gatehouse
 * </pre>
 *
 * {@code durable} (the default) answers a call only once its record is fsync'd. {@code written}
 * answers once the record is written to the operating system and fsyncs within {@code
 * sync_interval} (1ms to 1s): a killed process loses nothing, a power cut or an operating-system
 * crash may lose the records of that interval.
 */
public record AuditConfig(Acknowledge acknowledge, Duration syncInterval, List<Witness> witnesses) {

    /** Where a witness keeps its copies. */
    public sealed interface Witness {
        /** An append-only file; an absolute path. */
        record File(Path path) implements Witness {}

        /** An HTTP(S) endpoint that receives each checkpoint as a JSON POST. */
        record Url(URI url) implements Witness {}

        /** The witness this names. */
        default CheckpointWitness open() {
            return switch (this) {
                case File f -> CheckpointWitness.file(f.path());
                case Url u -> CheckpointWitness.http(u.url());
            };
        }
    }

    public static final ConfigSection<AuditConfig> SECTION =
            new ConfigSection<>("audit", AuditConfig.class, AuditConfig::read);

    public AuditConfig {
        witnesses = List.copyOf(witnesses);
    }

    public AuditConfig(Acknowledge acknowledge, Duration syncInterval) {
        this(acknowledge, syncInterval, List.of());
    }

    public static AuditConfig defaults() {
        var options = AuditLogOptions.defaults();
        return new AuditConfig(options.acknowledge(), options.syncInterval());
    }

    /** The file witnesses among {@link #witnesses}, which {@code audit verify} reads. */
    public List<Path> witnessFiles() {
        return witnesses.stream()
                .flatMap(w -> w instanceof Witness.File f
                        ? java.util.stream.Stream.of(f.path())
                        : java.util.stream.Stream.empty())
                .toList();
    }

    /** The log's options with this section applied. */
    public AuditLogOptions options() {
        return AuditLogOptions.defaults().withAcknowledge(acknowledge, syncInterval);
    }

    static AuditConfig read(Optional<ConfigNode> node) {
        var defaults = defaults();
        if (node.isEmpty()) {
            return defaults;
        }
        var map = node.get().asMap();
        if (map.isEmpty()) {
            return defaults;
        }
        map.get().allowOnly("acknowledge", "sync_interval", "witnesses");
        var acknowledge = map.get().optional("acknowledge").flatMap(n -> n.asWord("acknowledge", Acknowledge.class));
        var interval = map.get()
                .optional("sync_interval")
                .flatMap(n -> n.checked(
                        n.asDuration(),
                        d -> d.compareTo(AuditLogOptions.MIN_SYNC_INTERVAL) >= 0
                                && d.compareTo(AuditLogOptions.MAX_SYNC_INTERVAL) <= 0,
                        "sync_interval must be between 1ms and 1s"));
        var witnesses = new ArrayList<Witness>();
        map.get().optionalList("witnesses").ifPresent(list -> {
            for (var item : list.items()) {
                witness(item).ifPresent(witnesses::add);
            }
        });
        return new AuditConfig(
                acknowledge.orElse(defaults.acknowledge()), interval.orElse(defaults.syncInterval()), witnesses);
    }

    private static Optional<Witness> witness(ConfigNode item) {
        var map = item.asMap();
        if (map.isEmpty()) {
            return Optional.empty();
        }
        var m = map.get();
        m.allowOnly("file", "url");
        if (m.has("file") == m.has("url")) {
            item.problem("a witness is either {file: /absolute/path} or {url: https://...}");
            return Optional.empty();
        }
        if (m.has("file")) {
            return m.optional("file").flatMap(n -> n.asString().flatMap(text -> {
                var path = Path.of(text);
                if (!path.isAbsolute() || !path.normalize().equals(path)) {
                    n.problem("a witness file must be an absolute, normalized path, found " + ConfigNode.quote(text));
                    return Optional.empty();
                }
                return Optional.of(new Witness.File(path));
            }));
        }
        return m.optional("url").flatMap(n -> n.asString().flatMap(text -> {
            try {
                var uri = new URI(text);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                        && uri.getHost() != null
                        && uri.getRawFragment() == null) {
                    return Optional.of(new Witness.Url(uri));
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            n.problem("a witness url must be an http(s) URL with a host, found " + ConfigNode.quote(text));
            return Optional.empty();
        }));
    }
}
