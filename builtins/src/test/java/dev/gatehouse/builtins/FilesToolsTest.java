package dev.gatehouse.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.api.tool.ToolOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesToolsTest {

    @TempDir
    Path temp;

    Path workspace;
    Path docs;
    Path outside;
    FilesTools tools;
    BuiltinsConfig.Files config;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(temp.resolve("ws"));
        docs = Files.createDirectories(temp.resolve("srv/docs"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP-SECRET-OUTSIDE");
        Files.writeString(workspace.resolve("hello.txt"), "hello, world");
        Files.createDirectories(workspace.resolve("src/main"));
        Files.writeString(workspace.resolve("src/main/App.java"), "class App {}");
        Files.writeString(docs.resolve("guide.md"), "# Guide");
        config = new BuiltinsConfig.Files(
                Map.of(
                        "workspace", new BuiltinsConfig.Root("workspace", "${workspace}", false),
                        "docs", new BuiltinsConfig.Root("docs", docs.toString(), true)),
                64,
                64);
        tools = new FilesTools(config, Optional.of(workspace));
    }

    ToolOutput call(String tool, Map<String, Object> args) throws IOException {
        return tools.call(tool, args, Grants.files(tool, List.of(workspace, docs), List.of(workspace)));
    }

    static Map<String, Object> args(Object... pairs) {
        var map = new HashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String text(ToolOutput out) {
        return ((ToolOutput.Content.Text) out.content().getFirst()).text();
    }

    void assertRefused(ToolOutput out, String expected) {
        assertThat(out.isError()).as(text(out)).isTrue();
        assertThat(text(out)).contains(expected);
        assertThat(text(out)).doesNotContain(temp.toString()).doesNotContain("TOP-SECRET");
    }

    @Test
    void listsReadsWritesAndDeletesInsideARoot() throws IOException {
        var listing = call(FilesTools.LIST, args("root", "workspace", "path", "."));
        assertThat(listing.isError()).isFalse();
        assertThat(text(listing)).contains("file\t12\t'hello.txt'").contains("directory\t-\t'src'");

        var read = call(FilesTools.READ, args("root", "workspace", "path", "src/main/App.java"));
        assertThat(text(read)).isEqualTo("class App {}");

        var written = call(
                FilesTools.WRITE,
                args("root", "workspace", "path", "notes/today.md", "content", "tea", "create_parents", true));
        assertThat(written.isError()).as(text(written)).isFalse();
        assertThat(Files.readString(workspace.resolve("notes/today.md"))).isEqualTo("tea");

        var replaced = call(FilesTools.WRITE, args("root", "workspace", "path", "hello.txt", "content", "bye"));
        assertThat(text(replaced)).startsWith("replaced");
        assertThat(Files.readString(workspace.resolve("hello.txt"))).isEqualTo("bye");
        try (var left = Files.list(workspace)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".gatehouse-write"));
        }

        var deleted = call(FilesTools.DELETE, args("root", "workspace", "path", "hello.txt"));
        assertThat(deleted.isError()).isFalse();
        assertThat(workspace.resolve("hello.txt")).doesNotExist();
    }

    @Test
    void readsAWindowWithOffsetAndLength() throws IOException {
        var out = call(FilesTools.READ, args("root", "workspace", "path", "hello.txt", "offset", 7, "length", 5));
        assertThat(text(out)).isEqualTo("world");
        assertThat(out.structured().orElseThrow()).containsEntry("size", 12L).containsEntry("eof", true);
    }

    @Test
    void theRootArgumentMayBeLeftOutOnlyWhenThereIsOneRoot() throws IOException {
        assertRefused(call(FilesTools.READ, args("path", "hello.txt")), "argument 'root' is required");
        var single = new FilesTools(
                new BuiltinsConfig.Files(
                        Map.of("workspace", new BuiltinsConfig.Root("workspace", "${workspace}", false)), 64, 64),
                Optional.of(workspace));
        var out = single.call(
                FilesTools.READ,
                args("path", "hello.txt"),
                Grants.files(FilesTools.READ, List.of(workspace), List.of()));
        assertThat(text(out)).isEqualTo("hello, world");
    }

    @Test
    void withNoRootsConfiguredEveryCallIsRefused() throws IOException {
        var none = new FilesTools(BuiltinsConfig.Files.defaults(), Optional.of(workspace));
        for (var tool : FilesTools.TOOLS) {
            var out = none.call(
                    tool,
                    tool.equals(FilesTools.WRITE)
                            ? args("path", "hello.txt", "content", "x")
                            : args("path", "hello.txt"),
                    Grants.files(tool, List.of(workspace), List.of(workspace)));
            assertRefused(out, "no file roots are configured");
        }
        assertThat(Files.readString(workspace.resolve("hello.txt"))).isEqualTo("hello, world");
    }

    @Test
    void aRootUnderTheWorkspaceIsUnavailableWithoutAWorkspace() throws IOException {
        var noWorkspace = new FilesTools(config, Optional.empty());
        var out = noWorkspace.call(
                FilesTools.READ,
                args("root", "workspace", "path", "hello.txt"),
                Grants.files(FilesTools.READ, List.of(workspace, docs), List.of()));
        assertRefused(out, "no root named 'workspace'");
    }

    @Test
    void aRootTheGrantDoesNotCoverIsRefused() throws IOException {
        var out = tools.call(
                FilesTools.READ,
                args("root", "docs", "path", "guide.md"),
                Grants.files(FilesTools.READ, List.of(workspace), List.of(workspace)));
        assertRefused(out, "not among the paths this plugin was granted");
        var write = tools.call(
                FilesTools.WRITE,
                args("root", "workspace", "path", "x.txt", "content", "x"),
                Grants.files(FilesTools.WRITE, List.of(workspace), List.of()));
        assertRefused(write, "not among the paths this plugin was granted");
        assertThat(workspace.resolve("x.txt")).doesNotExist();
    }

    @Test
    void aReadOnlyRootRefusesWritesAndDeletes() throws IOException {
        assertRefused(
                call(FilesTools.WRITE, args("root", "docs", "path", "guide.md", "content", "defaced")), "read-only");
        assertRefused(call(FilesTools.DELETE, args("root", "docs", "path", "guide.md")), "read-only");
        assertThat(Files.readString(docs.resolve("guide.md"))).isEqualTo("# Guide");
        assertThat(text(call(FilesTools.READ, args("root", "docs", "path", "guide.md"))))
                .isEqualTo("# Guide");
    }

    @Test
    void traversalAndAbsolutePathsAreRefused() throws IOException {
        for (var path : List.of("../outside/secret.txt", "a/../../outside/secret.txt", "src/../hello.txt", "..")) {
            assertRefused(call(FilesTools.READ, args("root", "workspace", "path", path)), "contains '..'");
        }
        assertRefused(
                call(
                        FilesTools.READ,
                        args(
                                "root",
                                "workspace",
                                "path",
                                outside.resolve("secret.txt").toString())),
                "is absolute");
        assertRefused(
                call(FilesTools.WRITE, args("root", "workspace", "path", "../escaped.txt", "content", "x")),
                "contains '..'");
        assertThat(temp.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void encodedTraversalIsJustAName() throws IOException {
        var out = call(FilesTools.READ, args("root", "workspace", "path", "..%2foutside%2fsecret.txt"));
        assertRefused(out, "no such file or directory: '..%2foutside%2fsecret.txt'");
        var written = call(FilesTools.WRITE, args("root", "workspace", "path", "..%2fx", "content", "ok"));
        assertThat(written.isError()).isFalse();
        assertThat(workspace.resolve("..%2fx")).hasContent("ok");
    }

    @Test
    void symlinksLeavingTheRootAreRefusedWithoutLookingOutside() throws IOException {
        Files.createSymbolicLink(workspace.resolve("file-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(workspace.resolve("dir-link"), outside);
        Files.createSymbolicLink(workspace.resolve("relative-link"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(workspace.resolve("dangling-outside"), outside.resolve("no-such-file"));
        assertRefused(call(FilesTools.READ, args("root", "workspace", "path", "file-link")), "leads outside its root");
        assertRefused(
                call(FilesTools.READ, args("root", "workspace", "path", "dir-link/secret.txt")),
                "leads outside its root");
        assertRefused(
                call(FilesTools.READ, args("root", "workspace", "path", "relative-link")), "leads outside its root");
        // The same answer whether or not the outside file exists: no oracle for outside paths.
        assertRefused(
                call(FilesTools.READ, args("root", "workspace", "path", "dangling-outside")), "leads outside its root");
        assertRefused(call(FilesTools.LIST, args("root", "workspace", "path", "dir-link")), "leads outside its root");
        assertRefused(
                call(FilesTools.WRITE, args("root", "workspace", "path", "dir-link/planted.txt", "content", "x")),
                "leads outside its root");
        assertRefused(
                call(FilesTools.WRITE, args("root", "workspace", "path", "file-link", "content", "overwritten")),
                "leads outside its root");
        assertRefused(
                call(FilesTools.DELETE, args("root", "workspace", "path", "dir-link/secret.txt")),
                "leads outside its root");
        assertThat(outside.resolve("secret.txt")).hasContent("TOP-SECRET-OUTSIDE");
        assertThat(outside.resolve("planted.txt")).doesNotExist();
    }

    @Test
    void aRootThatIsItselfALinkIsUsedThroughItsRealPath() throws IOException {
        Files.createSymbolicLink(workspace.resolve("inner"), Path.of("src/main"));
        var out = call(FilesTools.READ, args("root", "workspace", "path", "inner/App.java"));
        assertThat(text(out)).isEqualTo("class App {}");
        var deleteLink = call(FilesTools.DELETE, args("root", "workspace", "path", "inner"));
        assertRefused(deleteLink, "is a link; only files are deleted");
    }

    @Test
    void aDeviceReachedThroughALinkIsRefused() throws IOException {
        Files.createSymbolicLink(workspace.resolve("null"), Path.of("/dev/null"));
        var out = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> call(FilesTools.READ, args("root", "workspace", "path", "null")));
        assertRefused(out, "leads outside its root");
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        var fifo = workspace.resolve("pipe");
        var made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assertThat(made).isZero();
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        var read = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> call(FilesTools.READ, args("root", "workspace", "path", "pipe")));
        assertRefused(read, "is not a regular file");
        var write = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> call(FilesTools.WRITE, args("root", "workspace", "path", "pipe", "content", "x")));
        assertRefused(write, "only regular files are written");
        assertRefused(call(FilesTools.DELETE, args("root", "workspace", "path", "pipe")), "only files are deleted");
        var listing = text(call(FilesTools.LIST, args("root", "workspace")));
        assertThat(listing).contains("other\t-\t'pipe'");
    }

    @Test
    void readsAndWritesOverTheCapsAreRefused() throws IOException {
        Files.write(workspace.resolve("big.bin"), new byte[100]);
        assertRefused(call(FilesTools.READ, args("root", "workspace", "path", "big.bin")), "over the read cap of 64");
        assertRefused(
                call(FilesTools.READ, args("root", "workspace", "path", "big.bin", "length", 65)),
                "over the read cap of 64");
        var part = call(FilesTools.READ, args("root", "workspace", "path", "big.bin", "offset", 64, "length", 64));
        assertThat(part.structured().orElseThrow()).containsEntry("bytes", 36L).containsEntry("eof", true);
        assertRefused(
                call(FilesTools.WRITE, args("root", "workspace", "path", "huge.txt", "content", "x".repeat(65))),
                "over the write cap of 64");
        // 22 characters, 66 bytes in UTF-8: the cap counts bytes.
        assertRefused(
                call(FilesTools.WRITE, args("root", "workspace", "path", "huge.txt", "content", "€".repeat(22))),
                "over the write cap of 64");
        assertThat(workspace.resolve("huge.txt")).doesNotExist();
    }

    @Test
    void missingParentsAreCreatedOnlyWhenAsked() throws IOException {
        assertRefused(
                call(FilesTools.WRITE, args("root", "workspace", "path", "a/b/c.txt", "content", "x")),
                "no such file or directory: 'a/b/c.txt'");
        assertThat(workspace.resolve("a")).doesNotExist();
    }

    @Test
    void directoriesAreNeitherReadNorOverwrittenNorDeleted() throws IOException {
        assertRefused(call(FilesTools.READ, args("root", "workspace", "path", "src")), "is not a regular file");
        assertRefused(
                call(FilesTools.WRITE, args("root", "workspace", "path", "src", "content", "x")),
                "only regular files are written");
        assertRefused(call(FilesTools.DELETE, args("root", "workspace", "path", "src")), "only files are deleted");
        assertRefused(call(FilesTools.DELETE, args("root", "workspace", "path", ".")), "root itself");
        assertThat(workspace.resolve("src/main/App.java")).exists();
    }

    @Test
    void unknownAndMistypedArgumentsAreRefused() throws IOException {
        assertRefused(
                call(FilesTools.READ, args("root", "workspace", "path", "hello.txt", "follow", true)),
                "unknown argument 'follow'");
        assertRefused(call(FilesTools.READ, args("root", "workspace", "path", 7)), "must be a string");
        assertRefused(
                call(FilesTools.READ, args("root", "workspace", "path", "hello.txt", "offset", -1)), "must be from 0");
        assertRefused(
                call(FilesTools.READ, args("root", "workspace", "path", "hello.txt", "offset", 1.5)), "whole number");
        assertRefused(call(FilesTools.READ, args("root", "workspace", "path", "a\nb")), "control characters");
    }

    @Test
    void aLinkSwappedInAfterTheWalkIsNotFollowedByTheOpen() throws IOException {
        try (var place = new Confinement(workspace.toRealPath(), RelativePath.parse("files", "hello.txt"))
                .walk(List.of("hello.txt"), true, false)) {
            assertThat(place.isRegularFile()).isTrue();
            Files.delete(workspace.resolve("hello.txt"));
            Files.createSymbolicLink(workspace.resolve("hello.txt"), outside.resolve("secret.txt"));
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> FileReading.open(place)))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aDirectorySwappedForALinkAfterTheWalkKeepsTheHandleOnTheDirectoryThatWasChecked() throws IOException {
        var root = workspace.toRealPath();
        var confinement = new Confinement(root, RelativePath.parse("files", "src/main/App.java"));
        try (var place = confinement.walk(List.of("src", "main", "App.java"), true, false)) {
            Files.createDirectories(outside.resolve("main"));
            Files.writeString(outside.resolve("main/App.java"), "TOP-SECRET-SWAPPED");
            Files.move(workspace.resolve("src"), workspace.resolve("src-moved"));
            Files.createSymbolicLink(workspace.resolve("src"), outside);
            try (var channel = FileReading.open(place)) {
                var buffer = java.nio.ByteBuffer.allocate(64);
                channel.read(buffer);
                assertThat(new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("class App {}");
            }
        }
    }

    @Test
    void aSwappedDirectoryCannotLeadAWriteOrADeleteOutside() throws IOException {
        Files.createDirectories(outside.resolve("main"));
        Files.writeString(outside.resolve("main/App.java"), "TOP-SECRET-SWAPPED");
        var root = workspace.toRealPath();
        var confinement = new Confinement(root, RelativePath.parse("files", "src/main/App.java"));
        try (var place = confinement.walk(List.of("src", "main", "App.java"), false, false)) {
            Files.move(workspace.resolve("src"), workspace.resolve("src-moved"));
            Files.createSymbolicLink(workspace.resolve("src"), outside);
            place.directory().deleteFile(place.entry());
        }
        assertThat(outside.resolve("main/App.java")).hasContent("TOP-SECRET-SWAPPED");
        assertThat(workspace.resolve("src-moved/main/App.java")).doesNotExist();
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        var confinement = new Confinement(workspace.toRealPath(), RelativePath.parse("files", "new.txt"));
        try (var place = confinement.walk(List.of("new.txt"), true, false)) {
            // The name becomes a directory between the walk and the rename: the rename must fail.
            Files.createDirectories(workspace.resolve("new.txt/inside"));
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                            () -> new FileWriting(64).replace(place, new byte[] {'x'}, confinement)))
                    .isInstanceOf(Refusal.class)
                    .hasMessageContaining("changed while it was being opened");
        }
        try (var listing = Files.list(workspace)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(".gatehouse-write-"));
        }
    }
}
