package dev.gatehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gatehouse.api.manifest.PluginManifest;
import dev.gatehouse.plugins.capability.CapabilityDiff;
import dev.gatehouse.plugins.capability.CapabilitySet;
import dev.gatehouse.plugins.capability.CapabilityWords;
import dev.gatehouse.plugins.capability.RiskAssessment;
import dev.gatehouse.plugins.lifecycle.InstalledVersion;
import dev.gatehouse.plugins.lifecycle.PluginRecord;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** How plugins look on the terminal, in words for people and in JSON for machines. */
final class Render {

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Render() {}

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** The consent summary: who made it, where from, how risky, and everything it may do. */
    static void summary(PrintWriter out, PluginManifest m, InstalledVersionView v, CapabilitySet caps) {
        var risk = RiskAssessment.of(caps);
        out.println(m.name() + " " + m.version() + " - " + m.description());
        out.println("  risk:        " + risk.level().word() + " (" + String.join("; ", risk.reasons()) + ")");
        out.println("  publisher:   " + publisherLine(m, v));
        out.println("  trust level: " + v.trustLevel());
        m.packageName().ifPresent(p -> out.println("  package:     " + p));
        m.author().ifPresent(a -> out.println("  author:      " + a));
        out.println("  source:      " + v.source()
                + v.commit().map(c -> " (pinned to commit " + c + ")").orElse(""));
        out.println("  digest:      " + v.digest());
        out.println("  What it may do:");
        CapabilityWords.describe(caps).forEach(line -> out.println("    - " + line));
        if (!m.tools().isEmpty()) {
            out.println("  Tools:");
            m.tools()
                    .forEach(t ->
                            out.println("    " + t.name() + " [" + t.effects().word() + "; "
                                    + String.join(", ", t.requiredScopes()) + "] " + t.description()));
        }
        if (!m.hooks().isEmpty()) {
            out.println("  Hooks:");
            m.hooks().forEach(h -> out.println("    " + h.event().word() + ": " + h.purpose()));
        }
    }

    static String publisherLine(PluginManifest m, InstalledVersionView v) {
        var claimed = m.publisher().orElse("(none declared)");
        return switch (v.signature()) {
            case "verified" ->
                claimed + " (signature verified with key " + v.keyFingerprint().orElse("?") + ")";
            case "unverifiable" -> claimed + " (signed, but by no key you trust: not verified)";
            default -> claimed + " (unsigned: not verified)";
        };
    }

    static void diff(PrintWriter out, CapabilityDiff diff) {
        CapabilityWords.describe(diff).forEach(line -> out.println("    " + line));
    }

    /** The parts of an installed or prepared version the summary shows. */
    record InstalledVersionView(
            String source,
            Optional<String> commit,
            String digest,
            String signature,
            String trustLevel,
            Optional<String> keyFingerprint) {

        static InstalledVersionView of(InstalledVersion v) {
            return new InstalledVersionView(
                    v.source(),
                    v.commit(),
                    v.digest(),
                    v.signature(),
                    v.trustLevel().word(),
                    v.keyFingerprint());
        }
    }

    static Map<String, Object> jsonView(PluginRecord r, Optional<PluginManifest> manifest) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", r.name());
        view.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        view.put("enabled", r.enabled());
        view.put("risk", RiskAssessment.of(r.active().capabilities()));
        view.put("active", r.active());
        r.pending().ifPresent(p -> view.put("pending", p));
        r.consent().ifPresent(c -> view.put("consent", c));
        r.tampered().ifPresent(t -> view.put("tampered", t));
        manifest.ifPresent(m -> {
            view.put("description", m.description());
            view.put("publisher", m.publisher().orElse(null));
            view.put("package", m.packageName().orElse(null));
            view.put(
                    "tools",
                    m.tools().stream()
                            .map(t -> Map.of(
                                    "name", t.name(),
                                    "description", t.description(),
                                    "effects", t.effects().word(),
                                    "required_scopes", t.requiredScopes()))
                            .toList());
            view.put(
                    "hooks",
                    m.hooks().stream()
                            .map(h -> Map.of("event", h.event().word(), "purpose", h.purpose()))
                            .toList());
        });
        view.put("capabilities_in_words", CapabilityWords.describe(r.active().capabilities()));
        return view;
    }
}
