package dev.gatehouse.plugins.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import dev.gatehouse.plugins.testing.Archives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractionTest {

    @TempDir
    Path tmp;

    Staging staging;
    SourceFetcher fetcher = new SourceFetcher(ExtractionLimits.DEFAULT);

    @BeforeEach
    void stage() throws IOException {
        staging = Staging.in(tmp);
    }

    FetchedTree fetchZip(Archives.Builder archive) throws IOException {
        return fetcher.fetch(new PluginSource.ZipArchive(archive.writeTo(tmp.resolve("p.zip"))), staging.target());
    }

    FetchedTree fetchTar(Archives.Builder archive) throws IOException {
        return fetcher.fetch(new PluginSource.TarGzArchive(archive.writeTo(tmp.resolve("p.tar.gz"))), staging.target());
    }

    ExtractionException refusedZip(Archives.Builder archive) throws IOException {
        staging.clearTarget();
        var path = archive.writeTo(tmp.resolve("p.zip"));
        return catchThrowableOfType(
                ExtractionException.class, () -> fetcher.fetch(new PluginSource.ZipArchive(path), staging.target()));
    }

    ExtractionException refusedTar(Archives.Builder archive) throws IOException {
        staging.clearTarget();
        var path = archive.writeTo(tmp.resolve("p.tar.gz"));
        return catchThrowableOfType(
                ExtractionException.class, () -> fetcher.fetch(new PluginSource.TarGzArchive(path), staging.target()));
    }

    static Archives.Builder plugin(Archives.Builder archive) {
        return archive.file("plugin.yaml", "name: demo\n")
                .directory("bin/")
                .executable("bin/run", "#!/bin/sh\necho hi\n")
                .file("lib/data.json", "{}\n")
                .symlink("docs", "lib");
    }

    @Test
    void zipIsWrittenWithNormalizedModesAndInTreeSymlinks() throws IOException {
        var tree = fetchZip(plugin(Archives.zip()));

        assertThat(tree.root()).isEqualTo(staging.target());
        assertThat(tree.commit()).isEmpty();
        assertThat(tree.pinnedByUs()).isFalse();
        assertThat(staging.listing()).containsExactly("bin", "bin/run", "docs", "lib", "lib/data.json", "plugin.yaml");
        assertThat(mode(staging.target().resolve("bin/run"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(staging.target().resolve("plugin.yaml"))).isEqualTo("rw-r--r--");
        assertThat(mode(staging.target().resolve("lib"))).isEqualTo("rwxr-xr-x");
        assertThat(Files.readSymbolicLink(staging.target().resolve("docs"))).isEqualTo(Path.of("lib"));
    }

    @Test
    void tarGzIsWrittenWithNormalizedModes() throws IOException {
        var archive = Archives.tarGz()
                .file("plugin.yaml", "name: demo\n".getBytes(), 0600)
                .file("bin/run", "#!/bin/sh\n".getBytes(), 0700)
                .file("share/data", "x".getBytes(), 0666);

        fetchTar(archive);

        assertThat(mode(staging.target().resolve("plugin.yaml"))).isEqualTo("rw-r--r--");
        assertThat(mode(staging.target().resolve("bin/run"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(staging.target().resolve("share/data"))).isEqualTo("rw-r--r--");
    }

    @Test
    void singleTopFolderWithoutManifestBecomesTheRoot() throws IOException {
        var tree = fetchTar(Archives.tarGz().directory("demo-1.0/").file("demo-1.0/plugin.yaml", "name: demo\n"));

        assertThat(tree.root()).isEqualTo(staging.target().resolve("demo-1.0"));
    }

    @Test
    void topFolderIsKeptWhenAnythingElseSitsBesideIt() throws IOException {
        var tree = fetchZip(Archives.zip().file("demo/plugin.yaml", "x").file("README", "x"));

        assertThat(tree.root()).isEqualTo(staging.target());
    }

    @Test
    void zipSlipIsRefused() throws IOException {
        var refused = refusedZip(Archives.zip().file("plugin.yaml", "x").file("../../outside/evil.txt", "pwned"));

        assertThat(refused.reason()).isEqualTo(Reason.PARENT_TRAVERSAL);
        assertThat(refused.entry()).isEqualTo("../../outside/evil.txt");
        assertThat(refused).hasMessageContaining("../../outside/evil.txt");
        staging.assertNothingEscaped();
    }

    @Test
    void tarTraversalHiddenInsideANameIsRefused() throws IOException {
        var refused = refusedTar(Archives.tarGz().file("a/b/../../../outside/evil", "pwned"));

        assertThat(refused.reason()).isEqualTo(Reason.PARENT_TRAVERSAL);
        staging.assertNothingEscaped();
    }

    @Test
    void absolutePathsAreRefusedInZipAndTar() throws IOException {
        var evil = staging.outside().resolve("evil").toString();

        assertThat(refusedZip(Archives.zip().file(evil, "pwned")).reason()).isEqualTo(Reason.ABSOLUTE_PATH);
        assertThat(refusedTar(Archives.tarGz().file(evil, "pwned")).reason()).isEqualTo(Reason.ABSOLUTE_PATH);
        assertThat(refusedTar(Archives.tarGz().file("C:/evil", "pwned")).reason())
                .isEqualTo(Reason.ABSOLUTE_PATH);
        staging.assertNothingEscaped();
    }

    @Test
    void tarSymlinkEscapingTheTreeIsRefused() throws IOException {
        assertThat(refusedTar(Archives.tarGz().symlink("out", "../../outside")).reason())
                .isEqualTo(Reason.LINK_ESCAPES);
        assertThat(refusedTar(Archives.tarGz().symlink("etc", "/etc")).reason()).isEqualTo(Reason.LINK_ESCAPES);
        assertThat(refusedZip(Archives.zip().symlink("deep/out", "../../x")).reason())
                .isEqualTo(Reason.LINK_ESCAPES);
        staging.assertNothingEscaped();
    }

    @Test
    void escapingSymlinkFollowedByAFileWrittenThroughItWritesNothingOutside() throws IOException {
        var refused = refusedTar(
                Archives.tarGz().symlink("out", staging.outside().toString()).file("out/evil", "pwned"));

        assertThat(refused.reason()).isEqualTo(Reason.LINK_ESCAPES);
        staging.assertNothingEscaped();
    }

    @Test
    void fileIsNeverWrittenThroughALinkEvenOneInsideTheTree() throws IOException {
        var refused = refusedTar(
                Archives.tarGz().directory("sub/").symlink("alias", "sub").file("alias/evil", "x"));

        assertThat(refused.reason()).isEqualTo(Reason.WRITE_THROUGH_LINK);
        assertThat(refused.entry()).isEqualTo("alias/evil");
        assertThat(staging.target().resolve("sub/evil")).doesNotExist();
    }

    @Test
    void linkChainThatLooksContainedButClimbsOutIsRefused() throws IOException {
        // d/x -> .. is the root; d/y -> x/../.. then really means the root's parent.
        var refused = refusedTar(Archives.tarGz().symlink("d/x", "..").symlink("d/y", "x/../.."));

        assertThat(refused.reason()).isEqualTo(Reason.LINK_ESCAPES);
        assertThat(refused.entry()).isEqualTo("d/y");
    }

    @Test
    void linkMadeToEscapeByALaterLinkIsRefused() throws IOException {
        // a -> b/.. is harmless while b does not exist; b -> . makes it the root's parent.
        var refused = refusedTar(Archives.tarGz().symlink("a", "b/..").symlink("b", "."));

        assertThat(refused.reason()).isEqualTo(Reason.LINK_ESCAPES);
        assertThat(refused.entry()).isEqualTo("a");
    }

    @Test
    void symlinkLoopIsRefused() throws IOException {
        assertThat(refusedTar(Archives.tarGz().symlink("a", "b").symlink("b", "a"))
                        .reason())
                .isEqualTo(Reason.BAD_LINK);
    }

    @Test
    void hardlinkEscapingTheTreeIsRefused() throws IOException {
        assertThat(refusedTar(Archives.tarGz().hardlink("passwd", "/etc/passwd"))
                        .reason())
                .isEqualTo(Reason.LINK_ESCAPES);
        assertThat(refusedTar(Archives.tarGz().hardlink("passwd", "../../../etc/passwd"))
                        .reason())
                .isEqualTo(Reason.LINK_ESCAPES);
        assertThat(refusedTar(Archives.tarGz()
                                .symlink("l", "sub")
                                .directory("sub/")
                                .file("sub/f", "x")
                                .hardlink("h", "l/f"))
                        .reason())
                .isEqualTo(Reason.LINK_ESCAPES);
        staging.assertNothingEscaped();
    }

    @Test
    void hardlinkToAnEarlierFileBecomesAnIndependentCopy() throws IOException {
        fetchTar(Archives.tarGz().executable("bin/run", "#!/bin/sh\n").hardlink("bin/again", "bin/run"));

        var again = staging.target().resolve("bin/again");
        assertThat(again).hasContent("#!/bin/sh");
        assertThat(Files.isSameFile(again, staging.target().resolve("bin/run"))).isFalse();
        assertThat(mode(again)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void hardlinkToNothingIsRefused() throws IOException {
        assertThat(refusedTar(Archives.tarGz().hardlink("h", "missing")).reason())
                .isEqualTo(Reason.BAD_LINK);
    }

    @Test
    void devicesAndFifosAreRefused() throws IOException {
        assertThat(refusedTar(Archives.tarGz().charDevice("dev/null")).reason()).isEqualTo(Reason.SPECIAL_FILE);
        assertThat(refusedTar(Archives.tarGz().charDevice("looks-like-a-dir/")).reason())
                .isEqualTo(Reason.SPECIAL_FILE);
        assertThat(refusedTar(Archives.tarGz().fifo("pipe")).reason()).isEqualTo(Reason.SPECIAL_FILE);
        assertThat(refusedZip(Archives.zip().charDevice("dev/null")).reason()).isEqualTo(Reason.SPECIAL_FILE);
        assertThat(staging.target().resolve("dev/null")).doesNotExist();
    }

    @Test
    void tarGzBombStopsEarly() throws IOException {
        long bomb = 200L << 20;
        var refused = refusedTar(Archives.tarGz().file("plugin.yaml", "x").zeros("payload", bomb));

        assertThat(refused.reason()).isEqualTo(Reason.COMPRESSION_RATIO);
        assertThat(staging.bytesWritten()).isLessThan(2L << 20).isLessThan(bomb / 100);
    }

    @Test
    void zipBombStopsEarly() throws IOException {
        long bomb = 200L << 20;
        var refused = refusedZip(Archives.zip().file("plugin.yaml", "x").zeros("payload", bomb));

        assertThat(refused.reason()).isEqualTo(Reason.COMPRESSION_RATIO);
        assertThat(refused.entry()).isEqualTo("payload");
        assertThat(staging.bytesWritten()).isLessThan(2L << 20).isLessThan(bomb / 100);
    }

    @Test
    void incompressibleContentBeyondTheSizeLimitIsRefused() throws IOException {
        var noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);
        var small = new SourceFetcher(ExtractionLimits.DEFAULT.withMaxExpandedBytes(100_000));
        var path =
                Archives.tarGz().file("a", noise, 0644).file("b", noise, 0644).writeTo(tmp.resolve("noise.tgz"));

        var refused = catchThrowableOfType(
                ExtractionException.class, () -> small.fetch(new PluginSource.TarGzArchive(path), staging.target()));

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.entry()).isEqualTo("b");
        assertThat(staging.bytesWritten()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void moreThanTenThousandEntriesAreRefused() throws IOException {
        var zip = refusedZip(Archives.zip().manyFiles("f", 10_001));
        assertThat(zip.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES);
        assertThat(staging.listing()).as("zip refuses before writing").isEmpty();

        var tar = refusedTar(Archives.tarGz().manyFiles("f", 10_001));
        assertThat(tar.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES);
        assertThat(tar.entry()).isEqualTo("f10000");
    }

    @Test
    void tenThousandEntriesAreAccepted() throws IOException {
        fetchTar(Archives.tarGz().manyFiles("f", 10_000));

        assertThat(staging.listing()).hasSize(10_000);
    }

    @Test
    void duplicateEntriesAreRefused() throws IOException {
        var zip = refusedZip(Archives.zip().file("plugin.yaml", "good").file("plugin.yaml", "evil"));
        assertThat(zip.reason()).isEqualTo(Reason.DUPLICATE_ENTRY);
        assertThat(staging.target().resolve("plugin.yaml")).hasContent("good");

        assertThat(refusedTar(Archives.tarGz().file("a", "1").file("./a", "2")).reason())
                .isEqualTo(Reason.DUPLICATE_ENTRY);
    }

    @Test
    void nameUsedAsFileAndDirectoryIsRefused() throws IOException {
        assertThat(refusedTar(Archives.tarGz().file("a", "1").file("a/b", "2")).reason())
                .isEqualTo(Reason.PATH_CONFLICT);
    }

    @Test
    void badNamesAreRefused() throws IOException {
        assertThat(refusedZip(Archives.zip().file("a\0b", "x")).reason()).isEqualTo(Reason.BAD_NAME);
        assertThat(refusedTar(Archives.tarGz().file("a\\b", "x")).reason()).isEqualTo(Reason.BAD_NAME);
        // Zip readers take backslashes from DOS-made archives for separators; the traversal is still seen.
        assertThat(refusedZip(Archives.zip().file("..\\..\\evil", "x")).reason())
                .isEqualTo(Reason.PARENT_TRAVERSAL);
        assertThat(refusedTar(Archives.tarGz().file("a\nfile 644 0 b", "x")).reason())
                .isEqualTo(Reason.BAD_NAME);
        assertThat(refusedTar(Archives.tarGz().file("n".repeat(4097), "x")).reason())
                .isEqualTo(Reason.BAD_NAME);
        assertThat(refusedTar(Archives.tarGz().symlink("l", "t".repeat(4097))).reason())
                .isEqualTo(Reason.BAD_NAME);
    }

    @Test
    void refusedNameIsEscapedAndShortenedForPrinting() throws IOException {
        var refused = refusedTar(Archives.tarGz().file("\u001b[31mred\u001b[0m/" + "x".repeat(500) + "/../y", "x"));

        assertThat(refused.entry())
                .doesNotContain("\u001b")
                .startsWith("\\u001b[31mred")
                .hasSizeLessThan(260);
        assertThat(refused.getMessage()).doesNotContain("\u001b");
    }

    @Test
    void corruptArchiveIsReportedAsUnreadable() throws IOException {
        var path = Files.writeString(tmp.resolve("junk.zip"), "not a zip at all");

        var refused = catchThrowableOfType(
                SourceException.class, () -> fetcher.fetch(new PluginSource.ZipArchive(path), staging.target()));

        assertThat(refused.problem()).isEqualTo(SourceException.Problem.UNREADABLE);
        assertThat(refused.source()).endsWith("junk.zip");
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
