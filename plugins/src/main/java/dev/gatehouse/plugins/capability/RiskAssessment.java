package dev.gatehouse.plugins.capability;

import dev.gatehouse.config.GrantedPathSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A risk level derived from capabilities alone, with the reasons that raised it. It does not judge
 * the publisher (trust level is shown beside it); it says how much harm the declared powers allow.
 */
public record RiskAssessment(Level level, List<String> reasons) {

    public RiskAssessment {
        reasons = List.copyOf(reasons);
    }

    public enum Level {
        LOW,
        MEDIUM,
        HIGH,
        CRITICAL;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static RiskAssessment of(CapabilitySet caps) {
        var reasons = new ArrayList<String>();
        var level = Level.LOW;
        boolean process = caps.isolation().equals("bubblewrap");
        boolean network = !caps.net().isEmpty();
        boolean secrets = !caps.secrets().isEmpty();
        boolean wildcardNet = caps.net().stream().anyMatch(n -> n.startsWith("*."));
        var effects = caps.tools().values().stream()
                .map(CapabilitySet.ToolGrant::effects)
                .collect(java.util.stream.Collectors.toSet());

        if (wildcardNet && secrets) {
            level = raise(level, Level.CRITICAL, reasons, "holds secrets and may connect to any host under a wildcard");
        }
        if (caps.fsWrite().stream().anyMatch(p -> !p.startsWith(GrantedPathSyntax.WORKSPACE))) {
            level = raise(level, Level.CRITICAL, reasons, "may write outside the workspace");
        }
        if (process && (network || secrets)) {
            level = raise(level, Level.HIGH, reasons, "runs its own executable with network access or secrets");
        }
        if (effects.contains("destructive")) {
            level = raise(level, Level.HIGH, reasons, "has destructive tools");
        }
        if (caps.hooks().contains("pre_tool_call") || caps.hooks().contains("transform_tool_result")) {
            level = raise(level, Level.HIGH, reasons, "hooks can rewrite other tools' arguments or results");
        }
        if (!caps.fsWrite().isEmpty()) {
            level = raise(level, Level.HIGH, reasons, "may write files beyond its state directory");
        }
        if (network) {
            level = raise(level, Level.MEDIUM, reasons, "may connect to the network");
        }
        if (secrets) {
            level = raise(level, Level.MEDIUM, reasons, "receives secrets");
        }
        if (!caps.fsRead().isEmpty()) {
            level = raise(level, Level.MEDIUM, reasons, "may read files");
        }
        if (!caps.hooks().isEmpty()) {
            level = raise(level, Level.MEDIUM, reasons, "sees other tools' calls through hooks");
        }
        if (effects.stream().anyMatch(Set.of("write", "external")::contains)) {
            level = raise(level, Level.MEDIUM, reasons, "has tools that change things");
        }
        if (process) {
            level = raise(level, Level.MEDIUM, reasons, "runs its own executable");
        }
        if (reasons.isEmpty()) {
            reasons.add("read-only tools, no network, no files, no secrets");
        }
        return new RiskAssessment(level, reasons);
    }

    private static Level raise(Level current, Level to, List<String> reasons, String reason) {
        reasons.add(reason);
        return current.compareTo(to) >= 0 ? current : to;
    }
}
