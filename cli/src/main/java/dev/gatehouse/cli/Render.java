package dev.gatehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gatehouse.api.operator.PluginViews;
import java.io.PrintWriter;

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
    static void summary(PrintWriter out, PluginViews.Description d) {
        out.println(d.name() + " " + d.version() + " - " + d.description());
        out.println("  risk:        " + d.risk() + " (" + String.join("; ", d.riskReasons()) + ")");
        out.println("  publisher:   " + d.publisher());
        out.println("  trust level: " + d.trustLevel());
        d.packageName().ifPresent(p -> out.println("  package:     " + p));
        d.author().ifPresent(a -> out.println("  author:      " + a));
        out.println("  source:      " + d.source()
                + d.commit().map(c -> " (pinned to commit " + c + ")").orElse(""));
        out.println("  digest:      " + d.digest());
        out.println("  What it may do:");
        d.capabilities().forEach(line -> out.println("    - " + line));
        if (!d.tools().isEmpty()) {
            out.println("  Tools:");
            d.tools()
                    .forEach(t -> out.println("    " + t.name() + " [" + t.effects() + "; "
                            + String.join(", ", t.requiredScopes()) + "] " + t.description()));
        }
        if (!d.hooks().isEmpty()) {
            out.println("  Hooks:");
            d.hooks().forEach(h -> out.println("    " + h.event() + ": " + h.purpose()));
        }
    }

    /** A capability diff, one change per line. */
    static void diff(PrintWriter out, java.util.List<String> lines) {
        lines.forEach(line -> out.println("    " + line));
    }
}
