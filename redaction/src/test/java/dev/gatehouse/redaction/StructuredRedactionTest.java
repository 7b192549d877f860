package dev.gatehouse.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.tool.ToolOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trees are redacted where each string lies, without serialising, and clean branches are kept. */
class StructuredRedactionTest {

    private static final String SECRET = "sk-live-4f9a8b7c6d5e";
    private static final SecretRedactor REDACTOR =
            SecretRedactor.builder().secret("STRIPE_KEY", SECRET).build();

    @Test
    void everyStringInANestedTreeIsRedactedAndOtherValuesKept() {
        var tree = new LinkedHashMap<String, Object>();
        tree.put("count", 3);
        tree.put("ok", true);
        tree.put("none", null);
        tree.put("items", List.of("plain", "key " + SECRET, Map.of("deep", List.of(SECRET))));
        tree.put(SECRET, "a key that is a secret");

        var out = REDACTOR.redactMap(tree);

        assertThat(out).containsEntry("count", 3).containsEntry("ok", true).containsEntry("none", null);
        assertThat(out.get("items"))
                .isEqualTo(List.of(
                        "plain", "key [REDACTED:STRIPE_KEY]", Map.of("deep", List.of("[REDACTED:STRIPE_KEY]"))));
        assertThat(out).containsEntry("[REDACTED:STRIPE_KEY]", "a key that is a secret");
        assertThat(out.toString()).doesNotContain(SECRET);
        assertThat(new ArrayList<>(out.keySet()))
                .containsExactly("count", "ok", "none", "items", "[REDACTED:STRIPE_KEY]");
    }

    @Test
    void aCleanTreeComesBackAsTheSameInstanceAndAChangedOneKeepsCleanBranches() {
        var clean = Map.<String, Object>of("a", List.of("x", 1), "b", Map.of("c", "d"));
        assertThat(REDACTOR.redactMap(clean)).isSameAs(clean);

        var cleanBranch = List.of("untouched");
        var dirty = Map.<String, Object>of("clean", cleanBranch, "dirty", SECRET);
        var out = REDACTOR.redactMap(dirty);

        assertThat(out).isNotSameAs(dirty);
        assertThat(out.get("clean")).isSameAs(cleanBranch);
        assertThat(out).containsEntry("dirty", "[REDACTED:STRIPE_KEY]");
    }

    @Test
    void keysThatRedactToTheSameTextAreBothKept() {
        var tree = new LinkedHashMap<String, Object>();
        tree.put(SECRET, 1);
        tree.put("[REDACTED:STRIPE_KEY]", 2);

        var out = REDACTOR.redactMap(tree);

        assertThat(out).hasSize(2).containsValues(1, 2);
        assertThat(out.keySet()).noneMatch(k -> k.contains(SECRET));
    }

    @Test
    void objectsOfUnknownTypesAreRenderedAndRedacted() {
        record Carrier(String token) {}
        var tree = new HashMap<Object, Object>();
        tree.put(7, new Carrier(SECRET));
        tree.put("array", new String[] {SECRET});

        var out = (Map<?, ?>) REDACTOR.redactTree(tree);

        assertThat(out.get("7")).isEqualTo("Carrier[token=[REDACTED:STRIPE_KEY]]");
        assertThat(out.toString()).doesNotContain(SECRET);
    }

    @Test
    void nestingBeyondTheLimitIsCutOffRatherThanLetThrough() {
        Object tree = SECRET;
        for (int i = 0; i < StructuredRedaction.MAX_DEPTH + 10; i++) {
            tree = List.of(tree);
        }

        var out = REDACTOR.redactTree(tree);

        assertThat(out.toString()).contains("[REDACTED:too-deep]").doesNotContain(SECRET);
    }

    @Test
    void toolOutputTextAndStructuredContentAreRedacted() {
        var output = new ToolOutput(
                List.of(new ToolOutput.Content.Text("your key is " + SECRET), new ToolOutput.Content.Text("fine")),
                Optional.of(Map.of("key", SECRET, "n", 1)),
                true);

        var out = REDACTOR.redact(output);

        assertThat(out.content())
                .containsExactly(
                        new ToolOutput.Content.Text("your key is [REDACTED:STRIPE_KEY]"),
                        new ToolOutput.Content.Text("fine"));
        assertThat(out.structured()).contains(Map.of("key", "[REDACTED:STRIPE_KEY]", "n", 1));
        assertThat(out.isError()).isTrue();
        var clean = ToolOutput.text("nothing here");
        assertThat(REDACTOR.redact(clean)).isSameAs(clean);
    }

    @Test
    void auditEventPrincipalAndFieldsAreRedacted() {
        var event = new AuditEvent(
                Instant.parse("2026-01-02T03:04:05Z"),
                "tool.call",
                "cli:ops",
                Map.of("detail", "plugin said " + SECRET, "args", List.of("a", SECRET), "ms", 12));

        var out = REDACTOR.redact(event);

        assertThat(out.fields())
                .containsEntry("detail", "plugin said [REDACTED:STRIPE_KEY]")
                .containsEntry("args", List.of("a", "[REDACTED:STRIPE_KEY]"))
                .containsEntry("ms", 12);
        assertThat(out.type()).isEqualTo("tool.call");
        assertThat(out.time()).isEqualTo(event.time());
        var clean = new AuditEvent(event.time(), "x", "cli:ops", Map.of("a", "b"));
        assertThat(REDACTOR.redact(clean)).isSameAs(clean);
    }
}
