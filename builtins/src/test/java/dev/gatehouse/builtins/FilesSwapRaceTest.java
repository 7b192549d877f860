package dev.gatehouse.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.tool.ToolOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack that once made {@code files_read} return the master key: a writer inside the root
 * swaps a directory and a link to the outside with {@code renameat2(RENAME_EXCHANGE)} in a tight
 * loop while calls walk through that name. Every call must either act inside the root or be
 * refused; none may read, list, write or delete anything outside.
 */
class FilesSwapRaceTest {

    private static final int CALLS = 3000;

    @TempDir
    Path temp;

    Path workspace;
    Path outside;
    FilesTools tools;
    Thread swapper;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong swaps = new AtomicLong();

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(temp.resolve("ws"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("f"), "TOP-SECRET-OUTSIDE");
        Files.writeString(outside.resolve("outside-only"), "TOP-SECRET-OUTSIDE");
        Files.createDirectories(workspace.resolve("d"));
        Files.writeString(workspace.resolve("d/f"), "inside");
        Files.createSymbolicLink(workspace.resolve("l"), outside);
        var config = new BuiltinsConfig.Files(
                Map.of("workspace", new BuiltinsConfig.Root("workspace", "${workspace}", false)), 1024, 1024);
        tools = new FilesTools(config, Optional.of(workspace));
        var d = workspace.resolve("d");
        var l = workspace.resolve("l");
        swapper = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                if (RenameExchange.swap(d, l)) {
                    swaps.incrementAndGet();
                }
            }
        });
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        stop.set(true);
        swapper.join();
    }

    /** An exception is a refusal too (the host answers it with an error); only what leaks counts. */
    ToolOutput call(String tool, Map<String, Object> args) {
        var ws = List.of(workspace);
        try {
            return tools.call(tool, args, Grants.files(tool, ws, ws));
        } catch (IOException | RuntimeException e) {
            return ToolOutput.error(String.valueOf(e.getMessage()));
        }
    }

    static String text(ToolOutput out) {
        return ((ToolOutput.Content.Text) out.content().getFirst()).text();
    }

    @Test
    void readsNeverReturnAFileOutsideTheRoot() throws IOException {
        int inside = 0;
        for (int i = 0; i < CALLS; i++) {
            var out = call(FilesTools.READ, Map.of("path", "d/f"));
            assertThat(text(out)).doesNotContain("TOP-SECRET");
            inside += out.isError() ? 0 : 1;
        }
        assertThat(swaps.get()).as("the swapper ran").isPositive();
        assertThat(inside).as("calls that met the real directory still worked").isPositive();
    }

    @Test
    void listingsNeverShowADirectoryOutsideTheRoot() throws IOException {
        for (int i = 0; i < CALLS; i++) {
            var out = call(FilesTools.LIST, Map.of("path", "d"));
            assertThat(text(out)).doesNotContain("outside-only");
        }
        assertThat(swaps.get()).isPositive();
    }

    @Test
    void writesNeverLandOutsideTheRoot() throws IOException {
        for (int i = 0; i < CALLS; i++) {
            call(FilesTools.WRITE, Map.of("path", "d/f", "content", "written-" + i));
            call(FilesTools.WRITE, Map.of("path", "d/new-" + i, "content", "x"));
        }
        stop.set(true);
        assertThat(outside.resolve("f")).hasContent("TOP-SECRET-OUTSIDE");
        try (var names = Files.list(outside)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f", "outside-only");
        }
        assertThat(swaps.get()).isPositive();
    }

    @Test
    void deletesNeverRemoveAFileOutsideTheRoot() throws IOException {
        for (int i = 0; i < CALLS; i++) {
            call(FilesTools.DELETE, Map.of("path", "d/f"));
            call(FilesTools.DELETE, Map.of("path", "d/outside-only"));
            call(FilesTools.WRITE, Map.of("path", "d/f", "content", "again"));
        }
        assertThat(outside.resolve("f")).hasContent("TOP-SECRET-OUTSIDE");
        assertThat(outside.resolve("outside-only")).exists();
        assertThat(swaps.get()).isPositive();
    }
}
