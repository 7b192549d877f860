package dev.gatehouse.plugins.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.plugins.PluginLayout;
import dev.gatehouse.plugins.source.ExtractionException.Reason;
import dev.gatehouse.plugins.testing.Archives;
import dev.gatehouse.plugins.testing.GitRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeDigestTest {

    @TempDir
    Path tmp;

    SourceFetcher fetcher = new SourceFetcher(ExtractionLimits.DEFAULT);

    static final String MANIFEST = "name: demo\nversion: 1.0.0\n";
    static final String RUN = "#!/bin/sh\nexec node index.js\n";
    static final String DATA = "{\"k\": [1, 2, 3]}\n";

    Path plainTree(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("lib/deep"));
        Files.writeString(dir.resolve("plugin.yaml"), MANIFEST);
        Files.writeString(dir.resolve("bin/run"), RUN);
        Files.writeString(dir.resolve("lib/deep/data.json"), DATA);
        Files.createSymbolicLink(dir.resolve("docs"), Path.of("lib/deep"));
        Files.setPosixFilePermissions(dir.resolve("bin/run"), PosixFilePermissions.fromString("rwxrwx---"));
        Files.setPosixFilePermissions(dir.resolve("plugin.yaml"), PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(dir.resolve("plugin.yaml"), FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
        return dir;
    }

    Path fetched(PluginSource source, String name) throws IOException {
        var target = Files.createDirectories(tmp.resolve("staging-" + name).resolve("tree"));
        return fetcher.fetch(source, target).root();
    }

    @Test
    void sameTreeGivesSameDigestFromDirectoryZipTarGzAndGit() throws IOException {
        var original = plainTree(tmp.resolve("original"));
        var zip = Archives.zip()
                .modifiedAt(Instant.parse("1999-12-31T23:59:58Z"))
                .file("plugin.yaml", MANIFEST.getBytes(StandardCharsets.UTF_8), 0664)
                .file("bin/run", RUN.getBytes(StandardCharsets.UTF_8), 0700)
                .file("lib/deep/data.json", DATA)
                .symlink("docs", "lib/deep")
                .writeTo(tmp.resolve("p.zip"));
        var tarGz = Archives.tarGz()
                .modifiedAt(Instant.parse("2030-06-01T00:00:00Z"))
                .directory("demo-1.0.0/")
                .directory("demo-1.0.0/lib/")
                .file("demo-1.0.0/lib/deep/data.json", DATA.getBytes(StandardCharsets.UTF_8), 0600)
                .file("demo-1.0.0/plugin.yaml", MANIFEST)
                .executable("demo-1.0.0/bin/run", RUN)
                .symlink("demo-1.0.0/docs", "lib/deep")
                .writeTo(tmp.resolve("p.tar.gz"));
        String url;
        try (var repo = GitRepos.create(tmp.resolve("repo.git"))) {
            repo.file("plugin.yaml", MANIFEST)
                    .executable("bin/run", RUN)
                    .file("lib/deep/data.json", DATA)
                    .symlink("docs", "lib/deep")
                    .commit("release");
            url = repo.url();
        }

        var expected = TreeDigest.of(original);

        assertThat(TreeDigest.of(fetched(new PluginSource.Directory(original), "dir")))
                .isEqualTo(expected);
        assertThat(TreeDigest.of(fetched(new PluginSource.ZipArchive(zip), "zip")))
                .isEqualTo(expected);
        assertThat(TreeDigest.of(fetched(new PluginSource.TarGzArchive(tarGz), "tgz")))
                .isEqualTo(expected);
        assertThat(TreeDigest.of(fetched(new PluginSource.GitRepository(url, Optional.empty()), "git")))
                .isEqualTo(expected);
        assertThat(expected).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void digestIsTheSha256OfTheDocumentedListing() throws IOException {
        var dir = Files.createDirectories(tmp.resolve("t"));
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/b"), "ab");
        Files.writeString(dir.resolve("a.txt"), "dot");
        Files.writeString(dir.resolve("B"), "upper");
        Files.writeString(dir.resolve("\u00e9"), "accent");
        Files.setPosixFilePermissions(dir.resolve("B"), PosixFilePermissions.fromString("rwxr--r--"));
        Files.createSymbolicLink(dir.resolve("l"), Path.of("a/b"));
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve(PluginLayout.SIGNATURE_FILE), "signature");

        // Sorted by UTF-8 bytes: 'B' (0x42) < 'a' < "a.txt" ('.' 0x2e) < "a/b" ('/' 0x2f) < 'l' < 'é' (0xc3).
        var listing = "file 755 " + sha("upper") + " B\n"
                + "file 644 " + sha("dot") + " a.txt\n"
                + "file 644 " + sha("ab") + " a/b\n"
                + "link " + sha("a/b") + " l\n"
                + "file 644 " + sha("accent") + " \u00e9\n";

        assertThat(TreeDigest.of(dir)).isEqualTo("sha256:" + sha(listing));
    }

    @Test
    void oneByteOneModeBitOrOnePathChangesTheDigest() throws IOException {
        var base = TreeDigest.of(plainTree(tmp.resolve("base")));

        var byteChanged = plainTree(tmp.resolve("byte"));
        Files.writeString(byteChanged.resolve("lib/deep/data.json"), DATA.replace('1', '4'));
        var modeChanged = plainTree(tmp.resolve("mode"));
        Files.setPosixFilePermissions(modeChanged.resolve("plugin.yaml"), PosixFilePermissions.fromString("rwx------"));
        var pathChanged = plainTree(tmp.resolve("path"));
        Files.move(pathChanged.resolve("bin/run"), pathChanged.resolve("bin/start"));
        var linkChanged = plainTree(tmp.resolve("link"));
        Files.delete(linkChanged.resolve("docs"));
        Files.createSymbolicLink(linkChanged.resolve("docs"), Path.of("lib"));

        assertThat(TreeDigest.of(byteChanged)).isNotEqualTo(base);
        assertThat(TreeDigest.of(modeChanged)).isNotEqualTo(base);
        assertThat(TreeDigest.of(pathChanged)).isNotEqualTo(base);
        assertThat(TreeDigest.of(linkChanged)).isNotEqualTo(base);
    }

    @Test
    void mtimesAndGroupOrOtherBitsDoNotMatter() throws IOException {
        var base = TreeDigest.of(plainTree(tmp.resolve("base")));
        var other = plainTree(tmp.resolve("other"));
        Files.setLastModifiedTime(other.resolve("bin/run"), FileTime.from(Instant.parse("1990-01-01T00:00:00Z")));
        Files.setPosixFilePermissions(other.resolve("bin/run"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(other.resolve("plugin.yaml"), PosixFilePermissions.fromString("rw-rw-r--"));

        assertThat(TreeDigest.of(other)).isEqualTo(base);
    }

    @Test
    void rootSignatureFileIsLeftOutButANestedOneCounts() throws IOException {
        var dir = plainTree(tmp.resolve("t"));
        var before = TreeDigest.of(dir);

        Files.writeString(dir.resolve(PluginLayout.SIGNATURE_FILE), "any signature");
        assertThat(TreeDigest.of(dir)).isEqualTo(before);

        Files.writeString(dir.resolve("lib/" + PluginLayout.SIGNATURE_FILE), "nested");
        assertThat(TreeDigest.of(dir)).isNotEqualTo(before);
    }

    @Test
    void specialFileIsRefused() throws IOException, InterruptedException {
        var dir = plainTree(tmp.resolve("t"));
        var mkfifo = new ProcessBuilder("mkfifo", dir.resolve("lib/pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        var refused = catchThrowableOfType(ExtractionException.class, () -> TreeDigest.of(dir));

        assertThat(refused.reason()).isEqualTo(Reason.SPECIAL_FILE);
        assertThat(refused.entry()).isEqualTo("lib/pipe");
    }

    @Test
    void nameThatCouldForgeAListingLineIsRefused() throws IOException {
        var dir = plainTree(tmp.resolve("t"));
        Files.writeString(dir.resolve("a\nfile 644 0 b"), "x");

        assertThat(catchThrowableOfType(ExtractionException.class, () -> TreeDigest.of(dir))
                        .reason())
                .isEqualTo(Reason.BAD_NAME);
    }

    static String sha(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
