package dev.gatehouse.plugins.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.plugins.source.SourceException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PluginSourceTest {

    @TempDir
    Path tmp;

    @Test
    void localDirectoryIsADirectorySource() throws IOException {
        var dir = Files.createDirectory(tmp.resolve("my-plugin"));

        assertThat(PluginSource.parse(dir.toString())).isEqualTo(new PluginSource.Directory(dir));
    }

    @Test
    void localArchivesAreRecognisedByTheirExtension() throws IOException {
        var zip = Files.writeString(tmp.resolve("p.ZIP"), "x");
        var tarGz = Files.writeString(tmp.resolve("p.tar.gz"), "x");
        var tgz = Files.writeString(tmp.resolve("p.tgz"), "x");

        assertThat(PluginSource.parse(zip.toString())).isEqualTo(new PluginSource.ZipArchive(zip));
        assertThat(PluginSource.parse(tarGz.toString())).isEqualTo(new PluginSource.TarGzArchive(tarGz));
        assertThat(PluginSource.parse(" " + tgz + "\n")).isEqualTo(new PluginSource.TarGzArchive(tgz));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://example.org/acme/crm.git",
                "ssh://git@example.org/acme/crm.git",
                "git://example.org/acme/crm.git",
                "file:///srv/git/crm.git",
                "git@example.org:acme/crm.git"
            })
    void gitUrlsWithoutRefAreGitSources(String url) {
        assertThat(PluginSource.parse(url)).isEqualTo(new PluginSource.GitRepository(url, Optional.empty()));
    }

    @Test
    void fragmentIsTheRef() {
        assertThat(PluginSource.parse("https://example.org/acme/crm.git#v1.2.0"))
                .isEqualTo(new PluginSource.GitRepository("https://example.org/acme/crm.git", Optional.of("v1.2.0")));
        assertThat(PluginSource.parse("git@example.org:acme/crm.git#0a1b2c3d"))
                .isEqualTo(new PluginSource.GitRepository("git@example.org:acme/crm.git", Optional.of("0a1b2c3d")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.org/crm.git", "ftp://example.org/crm.git", "jar:file://x!/y"})
    void otherSchemesAreRefused(String url) {
        var refused = catchThrowableOfType(SourceException.class, () -> PluginSource.parse(url));

        assertThat(refused.problem()).isIn(Problem.UNSUPPORTED_SCHEME, Problem.NOT_FOUND);
        assertThat(refused).hasMessageContaining("accepted");
    }

    @Test
    void plainHttpIsRefusedWithAHint() {
        var refused = catchThrowableOfType(SourceException.class, () -> PluginSource.parse("http://example.org/x.git"));

        assertThat(refused.problem()).isEqualTo(Problem.UNSUPPORTED_SCHEME);
        assertThat(refused).hasMessageContaining("use https");
    }

    @Test
    void remoteArchivesAreRefused() {
        var refused = catchThrowableOfType(
                SourceException.class, () -> PluginSource.parse("https://example.org/plugin.tar.gz"));

        assertThat(refused.problem()).isEqualTo(Problem.UNRECOGNIZED_FORM);
        assertThat(refused).hasMessageContaining("download");
    }

    @Test
    void missingPathNamesTheAcceptedForms() {
        var refused = catchThrowableOfType(
                SourceException.class,
                () -> PluginSource.parse(tmp.resolve("nope").toString()));

        assertThat(refused.problem()).isEqualTo(Problem.NOT_FOUND);
        assertThat(refused).hasMessageContaining("a local directory").hasMessageContaining("git URL");
    }

    @Test
    void fileThatIsNoArchiveIsRefused() throws IOException {
        var file = Files.writeString(tmp.resolve("plugin.rar"), "x");

        var refused = catchThrowableOfType(SourceException.class, () -> PluginSource.parse(file.toString()));

        assertThat(refused.problem()).isEqualTo(Problem.UNRECOGNIZED_FORM);
        assertThat(refused).hasMessageContaining(".tar.gz");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "https://example.org/x.git#",
                "https://example.org/x.git#-upload-pack=evil",
                "https://example.org/x.git#a..b",
                "https://example.org/x.git#a b",
                "a\u0000b"
            })
    void malformedSourcesAreRefused(String text) {
        var refused = catchThrowableOfType(SourceException.class, () -> PluginSource.parse(text));

        assertThat(refused.problem()).isEqualTo(Problem.UNRECOGNIZED_FORM);
        assertThat(refused.getMessage()).doesNotContain("\u0000");
    }

    @Test
    void urlPasswordIsNeverDisplayed() {
        var source = PluginSource.parse("https://bot:s3cret-token@example.org/acme/crm.git#v1");

        assertThat(source.display()).isEqualTo("https://bot:***@example.org/acme/crm.git#v1");
        assertThat(source.toString()).doesNotContain("s3cret-token");
        var refused = catchThrowableOfType(
                SourceException.class, () -> PluginSource.parse("gopher://bot:s3cret-token@example.org/x"));
        assertThat(refused.getMessage()).doesNotContain("s3cret-token");
        assertThat(refused.source()).doesNotContain("s3cret-token");
    }

    @Test
    void gitRecordRefusesOtherSchemesHoweverBuilt() {
        var refused = catchThrowableOfType(
                SourceException.class,
                () -> new PluginSource.GitRepository("http://example.org/x.git", Optional.empty()));

        assertThat(refused.problem()).isEqualTo(Problem.UNSUPPORTED_SCHEME);
        assertThat(refused).hasMessageContaining("use https");
    }

    @Test
    void aRemoteArchiveUnderARefusedSchemeIsRefusedForItsScheme() {
        var refused =
                catchThrowableOfType(SourceException.class, () -> PluginSource.parse("ftp://example.org/crm.zip#v1"));

        assertThat(refused.problem()).isEqualTo(Problem.UNSUPPORTED_SCHEME);
    }
}
