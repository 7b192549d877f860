package dev.gatehouse.config;

import java.time.Duration;

/**
 * Resource limits for one plugin: used both as the operator's maxima (a manifest asking for more is
 * refused) and as the defaults applied where a manifest says nothing.
 */
public record PluginLimits(int memoryMb, Duration timeout, int cpuSeconds, int maxOutputKb, int processes) {

    /** Maxima when the operator sets none: generous enough for real MCP servers, bounded all the same. */
    public static final PluginLimits DEFAULT_MAXIMA =
            new PluginLimits(2048, Duration.ofMinutes(10), 600, 16 * 1024, 64);

    /** Applied where the manifest is silent. */
    public static final PluginLimits DEFAULT_LIMITS = new PluginLimits(256, Duration.ofSeconds(30), 30, 1024, 16);
}
