package dev.gatehouse.plugins.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a plugin comes from, as the operator wrote it. Accepted forms:
 *
 * <ul>
 *   <li>a local directory;
 *   <li>a local {@code .zip}, {@code .tar.gz} or {@code .tgz} file;
 *   <li>a git URL ({@code file://}, {@code https://}, {@code ssh://}, {@code git://}, or scp-like
 *       {@code user@host:path}), optionally followed by {@code #<tag, branch or commit id>}.
 * </ul>
 *
 * Any other URL scheme is refused, plain {@code http://} included.
 */
public sealed interface PluginSource
        permits PluginSource.Directory, PluginSource.ZipArchive, PluginSource.TarGzArchive, PluginSource.GitRepository {

    /**
     * Reads a source from operator text. Local paths are looked at (does it exist, is it a
     * directory) but not read.
     *
     * @throws SourceException when the text is none of the accepted forms
     */
    static PluginSource parse(String text) {
        return SourceParser.parse(text);
    }

    /** The source as it may be shown to the operator; never contains a URL password. */
    String display();

    /** A local directory, copied entry by entry. */
    record Directory(Path path) implements PluginSource {
        public Directory {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String display() {
            return Printable.of(path.toString());
        }
    }

    /** A local zip archive. */
    record ZipArchive(Path path) implements PluginSource {
        public ZipArchive {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String display() {
            return Printable.of(path.toString());
        }
    }

    /** A local gzip-compressed tar archive ({@code .tar.gz} or {@code .tgz}). */
    record TarGzArchive(Path path) implements PluginSource {
        public TarGzArchive {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String display() {
            return Printable.of(path.toString());
        }
    }

    /**
     * A git repository and, optionally, the tag, branch or commit id to take. Without a ref the
     * fetcher resolves HEAD and reports that it pinned the source.
     */
    record GitRepository(String url, Optional<String> ref) implements PluginSource {
        public GitRepository {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(ref, "ref");
            SourceParser.checkGitUrl(url);
            ref.ifPresent(r -> SourceParser.checkRef(url, r));
        }

        @Override
        public String display() {
            return SourceParser.redact(url) + ref.map(r -> "#" + r).orElse("");
        }

        /** Same as {@link #display()}, so that a URL password never reaches a log by accident. */
        @Override
        public String toString() {
            return "GitRepository[" + display() + "]";
        }
    }
}
