package dev.gatehouse.plugins.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import dev.gatehouse.plugins.source.SourceException.Problem;
import dev.gatehouse.plugins.testing.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceTest {

    @TempDir
    Path tmp;

    Staging staging;
    GitRepos repo;
    String first;
    String second;
    SourceFetcher fetcher = new SourceFetcher(ExtractionLimits.DEFAULT);

    @BeforeEach
    void makeRepo() throws IOException {
        staging = Staging.in(tmp);
        repo = GitRepos.create(tmp.resolve("repo.git"));
        first = repo.file("plugin.yaml", "version: 1.0.0\n")
                .executable("bin/run", "#!/bin/sh\n")
                .symlink("docs", "bin")
                .commit("first");
        repo.tag("v1.0.0").annotatedTag("release-1").branch("stable");
        second = repo.file("plugin.yaml", "version: 2.0.0\n").commit("second");
    }

    @AfterEach
    void closeRepo() {
        repo.close();
    }

    FetchedTree fetch(String ref) {
        return fetcher.fetch(new PluginSource.GitRepository(repo.url(), Optional.ofNullable(ref)), staging.target());
    }

    @Test
    void lightweightTagIsFetched() throws IOException {
        var tree = fetch("v1.0.0");

        assertThat(tree.commit()).contains(first);
        assertThat(tree.pinnedByUs()).isFalse();
        assertThat(tree.root()).isEqualTo(staging.target());
        assertThat(staging.target().resolve("plugin.yaml")).hasContent("version: 1.0.0");
        assertThat(ArchiveExtractionTest.mode(staging.target().resolve("bin/run")))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.readSymbolicLink(staging.target().resolve("docs"))).isEqualTo(Path.of("bin"));
    }

    @Test
    void annotatedTagIsPeeledToItsCommit() {
        assertThat(fetch("release-1").commit()).contains(first);
    }

    @Test
    void branchIsFetched() {
        assertThat(fetch("stable").commit()).contains(first);
    }

    @Test
    void fullCommitIdIsFetched() throws IOException {
        assertThat(fetch(first).commit()).contains(first);
        assertThat(staging.target().resolve("plugin.yaml")).hasContent("version: 1.0.0");
    }

    @Test
    void abbreviatedCommitIdIsResolvedToTheFullId() {
        assertThat(fetch(first.substring(0, 8)).commit()).contains(first);
    }

    @Test
    void withoutRefHeadIsResolvedAndReportedAsPinnedByUs() throws IOException {
        var tree = fetch(null);

        assertThat(tree.commit()).contains(second);
        assertThat(tree.pinnedByUs()).isTrue();
        assertThat(staging.target().resolve("plugin.yaml")).hasContent("version: 2.0.0");
    }

    @Test
    void cloneIsDeletedAndNothingWrittenBesideTheTarget() throws IOException {
        fetch("v1.0.0");

        staging.assertNothingEscaped();
    }

    @Test
    void unknownRefIsRefusedClearly() throws IOException {
        var refused = catchThrowableOfType(SourceException.class, () -> fetch("v9.9.9"));

        assertThat(refused.problem()).isEqualTo(Problem.REF_NOT_FOUND);
        assertThat(refused).hasMessageContaining("v9.9.9").hasMessageContaining("tag, a branch");
        assertThat(refused.getMessage()).doesNotContain("stable", "release-1", first);
        staging.assertNothingEscaped();
    }

    @Test
    void revisionSyntaxIsNotARef() {
        assertThat(catchThrowableOfType(SourceException.class, () -> fetch("stable~1"))
                        .problem())
                .isEqualTo(Problem.UNRECOGNIZED_FORM);
        assertThat(catchThrowableOfType(SourceException.class, () -> fetch("HEAD"))
                        .problem())
                .isEqualTo(Problem.REF_NOT_FOUND);
    }

    @Test
    void unknownCommitIdIsRefused() {
        var refused = catchThrowableOfType(SourceException.class, () -> fetch("0".repeat(40)));

        assertThat(refused.problem()).isEqualTo(Problem.REF_NOT_FOUND);
    }

    @Test
    void missingRepositoryIsACloneFailure() throws IOException {
        var url = tmp.resolve("no-such-repo.git").toUri().toString();

        var refused = catchThrowableOfType(
                SourceException.class,
                () -> fetcher.fetch(new PluginSource.GitRepository(url, Optional.empty()), staging.target()));

        assertThat(refused.problem()).isEqualTo(Problem.CLONE_FAILED);
        staging.assertNothingEscaped();
    }

    @Test
    void submoduleIsRefused() throws IOException {
        repo.submodule("vendor/lib", first).commit("add submodule");

        var refused = catchThrowableOfType(ExtractionException.class, () -> fetch(null));

        assertThat(refused.reason()).isEqualTo(Reason.SUBMODULE);
        assertThat(refused.entry()).isEqualTo("vendor/lib");
        staging.assertNothingEscaped();
    }

    @Test
    void symlinkEscapingTheTreeIsRefused() throws IOException {
        repo.symlink("secrets", "../../outside").commit("escape");

        var refused = catchThrowableOfType(ExtractionException.class, () -> fetch(null));

        assertThat(refused.reason()).isEqualTo(Reason.LINK_ESCAPES);
        assertThat(refused.entry()).isEqualTo("secrets");
        staging.assertNothingEscaped();
    }

    @Test
    void absoluteSymlinkIsRefused() throws IOException {
        repo.symlink("passwd", "/etc/passwd").commit("escape");

        assertThat(catchThrowableOfType(ExtractionException.class, () -> fetch(null))
                        .reason())
                .isEqualTo(Reason.LINK_ESCAPES);
    }

    @Test
    void archivesMadeByGitArchiveGiveTheSameTreeAsTheRepository() throws IOException {
        var fromGit = TreeDigest.of(fetch(null).root());
        var tarGz = repo.archive(tmp.resolve("git-archive.tar.gz"), "tar.gz");
        var zip = repo.archive(tmp.resolve("git-archive.zip"), "zip");

        for (var source : List.of(new PluginSource.TarGzArchive(tarGz), new PluginSource.ZipArchive(zip))) {
            var target = Files.createDirectories(
                    tmp.resolve("other-" + source.getClass().getSimpleName()).resolve("t"));
            var tree = fetcher.fetch(source, target);
            assertThat(tree.root()).isEqualTo(target.resolve("plugin"));
            assertThat(TreeDigest.of(tree.root())).as(source.display()).isEqualTo(fromGit);
        }
    }

    @Test
    void treeSizeLimitAppliesToGit() throws IOException {
        repo.file("big", "y".repeat(50_000)).commit("big");
        var small = new SourceFetcher(ExtractionLimits.DEFAULT.withMaxExpandedBytes(10_000));

        var refused = catchThrowableOfType(
                ExtractionException.class,
                () -> small.fetch(new PluginSource.GitRepository(repo.url(), Optional.empty()), staging.target()));

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(staging.bytesWritten()).isLessThanOrEqualTo(10_000);
    }
}
