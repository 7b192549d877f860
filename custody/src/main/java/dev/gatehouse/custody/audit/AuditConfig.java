package dev.gatehouse.custody.audit;

import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ConfigSection;
import dev.gatehouse.custody.audit.AuditLogOptions.Acknowledge;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code audit} section of gatehouse.yaml:
 *
 * <pre>
 * audit:
 *   acknowledge: durable   # durable | written
 *   sync_interval: 10ms    # with written: the longest a written record waits for its fsync
 * </pre>
 *
 * {@code durable} (the default) answers a call only once its record is fsync'd. {@code written}
 * answers once the record is written to the operating system and fsyncs within {@code
 * sync_interval} (1ms to 1s): a killed process loses nothing, a power cut or an operating-system
 * crash may lose the records of that interval.
 */
public record AuditConfig(Acknowledge acknowledge, Duration syncInterval) {

    public static final ConfigSection<AuditConfig> SECTION =
            new ConfigSection<>("audit", AuditConfig.class, AuditConfig::read);

    public static AuditConfig defaults() {
        var options = AuditLogOptions.defaults();
        return new AuditConfig(options.acknowledge(), options.syncInterval());
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
        map.get().allowOnly("acknowledge", "sync_interval");
        var acknowledge = map.get().optional("acknowledge").flatMap(n -> n.asWord("acknowledge", Acknowledge.class));
        var interval = map.get()
                .optional("sync_interval")
                .flatMap(n -> n.checked(
                        n.asDuration(),
                        d -> d.compareTo(AuditLogOptions.MIN_SYNC_INTERVAL) >= 0
                                && d.compareTo(AuditLogOptions.MAX_SYNC_INTERVAL) <= 0,
                        "sync_interval must be between 1ms and 1s"));
        return new AuditConfig(acknowledge.orElse(defaults.acknowledge()), interval.orElse(defaults.syncInterval()));
    }
}
