package dev.gatehouse.api.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What a plugin may reach beyond its own state directory. Empty means nothing. */
public record Capabilities(List<NetRule> net, List<String> fsRead, List<String> fsWrite, Limits limits) {

    public Capabilities {
        net = List.copyOf(net);
        fsRead = List.copyOf(fsRead);
        fsWrite = List.copyOf(fsWrite);
    }

    public static Capabilities none() {
        return new Capabilities(List.of(), List.of(), List.of(), Limits.unset());
    }

    /**
     * A permitted network destination.
     *
     * @param host a host name, an IP literal, or {@code *.} followed by a domain (any subdomain of it)
     * @param port the one permitted port, or empty for any port
     */
    public record NetRule(String host, OptionalInt port) {
        @Override
        public String toString() {
            return port.isPresent() ? host + ":" + port.getAsInt() : host;
        }
    }

    /** Resource limits the manifest asks for; each must be within the operator's maxima. */
    public record Limits(
            OptionalInt memoryMb,
            Optional<Duration> timeout,
            OptionalInt cpuSeconds,
            OptionalInt maxOutputKb,
            OptionalInt processes) {

        public static Limits unset() {
            return new Limits(
                    OptionalInt.empty(),
                    Optional.empty(),
                    OptionalInt.empty(),
                    OptionalInt.empty(),
                    OptionalInt.empty());
        }
    }
}
