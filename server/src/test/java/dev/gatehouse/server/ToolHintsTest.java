package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.api.manifest.ToolDefinition.Effect;
import org.junit.jupiter.api.Test;

class ToolHintsTest {

    static ToolView view(String description, Effect effects) {
        return new ToolView("t", description, "{}", "p", effects);
    }

    @Test
    void effectsBecomeTheHintsAClientShowsItsUser() {
        var read = ToolHints.annotations(view("Read a file.", Effect.READ));
        assertThat(read.readOnlyHint()).isTrue();
        assertThat(read.destructiveHint()).isFalse();
        assertThat(read.idempotentHint()).isTrue();
        assertThat(read.openWorldHint()).isFalse();
        var write = ToolHints.annotations(view("Write a file.", Effect.WRITE));
        assertThat(write.readOnlyHint()).isFalse();
        assertThat(write.destructiveHint()).isFalse();
        var destructive = ToolHints.annotations(view("Delete a file.", Effect.DESTRUCTIVE));
        assertThat(destructive.destructiveHint()).isTrue();
        assertThat(destructive.openWorldHint()).isFalse();
        var external = ToolHints.annotations(view("Fetch a URL.", Effect.EXTERNAL));
        assertThat(external.openWorldHint()).isTrue();
        assertThat(external.destructiveHint()).isTrue();
    }

    @Test
    void theTitleIsTheDescriptionsFirstSentenceAndNeverEmpty() {
        assertThat(ToolHints.title(view("List a directory. Paths are relative.", Effect.READ)))
                .isEqualTo("List a directory");
        assertThat(ToolHints.title(view("Count words", Effect.READ))).isEqualTo("Count words");
        assertThat(ToolHints.title(view("", Effect.READ))).isEqualTo("t");
        assertThat(ToolHints.title(view("x".repeat(200), Effect.READ))).hasSize(ToolHints.MAX_TITLE);
    }
}
