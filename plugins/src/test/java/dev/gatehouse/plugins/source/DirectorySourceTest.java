package dev.gatehouse.plugins.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceTest {

    @TempDir
    Path tmp;

    Staging staging;
    Path source;
    SourceFetcher fetcher = new SourceFetcher(ExtractionLimits.DEFAULT);

    @BeforeEach
    void makeSource() throws IOException {
        staging = Staging.in(tmp);
        source = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(source.resolve("plugin.yaml"), "name: demo\n");
        Files.createDirectories(source.resolve("bin"));
        Files.writeString(source.resolve("bin/run"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(source.resolve("bin/run"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(source.resolve("plugin.yaml"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createSymbolicLink(source.resolve("tools"), Path.of("bin"));
    }

    FetchedTree fetch() {
        return fetcher.fetch(new PluginSource.Directory(source), staging.target());
    }

    @Test
    void directoryIsCopiedWithNormalizedModesAndLinksKeptAsLinks() throws IOException {
        var tree = fetch();

        assertThat(tree.root()).isEqualTo(staging.target());
        assertThat(staging.listing()).containsExactly("bin", "bin/run", "plugin.yaml", "tools");
        assertThat(ArchiveExtractionTest.mode(staging.target().resolve("bin/run")))
                .isEqualTo("rwxr-xr-x");
        assertThat(ArchiveExtractionTest.mode(staging.target().resolve("plugin.yaml")))
                .isEqualTo("rw-r--r--");
        assertThat(Files.isSymbolicLink(staging.target().resolve("tools"))).isTrue();
    }

    @Test
    void symlinkToAFileOutsideIsRefusedNotFollowed() throws IOException {
        var secret = Files.writeString(staging.outside().resolve("secret"), "do not copy");
        Files.createSymbolicLink(source.resolve("innocent.txt"), secret);

        var refused = catchThrowableOfType(ExtractionException.class, this::fetch);

        assertThat(refused.reason()).isEqualTo(Reason.LINK_ESCAPES);
        assertThat(refused.entry()).isEqualTo("innocent.txt");
        assertThat(staging.target().resolve("innocent.txt")).doesNotExist();
        Files.delete(secret);
        staging.assertNothingEscaped();
    }

    @Test
    void relativeSymlinkClimbingOutIsRefused() throws IOException {
        Files.createSymbolicLink(source.resolve("bin/up"), Path.of("../../outside"));

        assertThat(catchThrowableOfType(ExtractionException.class, this::fetch).reason())
                .isEqualTo(Reason.LINK_ESCAPES);
    }

    @Test
    void fifoIsRefused() throws IOException, InterruptedException {
        var mkfifo = new ProcessBuilder("mkfifo", source.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        var refused = catchThrowableOfType(ExtractionException.class, this::fetch);

        assertThat(refused.reason()).isEqualTo(Reason.SPECIAL_FILE);
        assertThat(refused.entry()).isEqualTo("pipe");
    }

    @Test
    void rootNamedThroughALinkIsCopied() throws IOException {
        var alias = Files.createSymbolicLink(tmp.resolve("alias"), source);

        fetcher.fetch(new PluginSource.Directory(alias), staging.target());

        assertThat(staging.target().resolve("plugin.yaml")).hasContent("name: demo");
    }

    @Test
    void targetInsideTheSourceIsRefused() throws IOException {
        var inside = Files.createDirectory(source.resolve("staging"));

        assertThatThrownBy(() -> fetcher.fetch(new PluginSource.Directory(source), inside))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonEmptyTargetIsRefused() throws IOException {
        Files.writeString(staging.target().resolve("leftover"), "x");

        assertThatThrownBy(this::fetch).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingDirectoryIsNotFound() {
        var refused = catchThrowableOfType(
                SourceException.class,
                () -> fetcher.fetch(new PluginSource.Directory(tmp.resolve("gone")), staging.target()));

        assertThat(refused.problem()).isEqualTo(SourceException.Problem.NOT_FOUND);
    }

    @Test
    void aCheckoutInstallsWithoutItsRepositoryAndWithTheDigestOfItsCommit() throws Exception {
        Files.writeString(source.resolve("bin/.gitignore"), "*.log\n");
        try (var git =
                org.eclipse.jgit.api.Git.init().setDirectory(source.toFile()).call()) {
            var who = new org.eclipse.jgit.lib.PersonIdent("Publisher", "publisher@example.org");
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("release")
                    .setAuthor(who)
                    .setCommitter(who)
                    .setSign(false)
                    .call();
        }
        // A nested working copy's .git, here the file form a linked worktree or submodule has.
        Files.createDirectories(source.resolve("vendor"));
        Files.writeString(source.resolve("vendor/.git"), "gitdir: /elsewhere/.git/worktrees/vendor\n");
        assertThat(source.resolve(".git/HEAD")).exists();

        var fromDirectory = fetch();
        assertThat(staging.listing())
                .containsExactly("bin", "bin/.gitignore", "bin/run", "plugin.yaml", "tools", "vendor");

        var fromGit = Staging.in(tmp.resolve("second"));
        var commit = fetcher.fetch(
                new PluginSource.GitRepository("file://" + source, java.util.Optional.empty()), fromGit.target());
        assertThat(commit.root()).isEqualTo(fromGit.target());
        Files.delete(staging.target().resolve("vendor"));
        assertThat(TreeDigest.of(fromDirectory.root())).isEqualTo(TreeDigest.of(commit.root()));
    }
}
