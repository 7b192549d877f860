package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.PluginLayout;
import dev.gatehouse.plugins.source.SourceException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the tree of a {@link PluginSource} into an empty directory, treating every source as
 * hostile. All sources pass the same checks, entry by entry: no absolute or {@code ..} names, no
 * links leading out of the tree, nothing written through a link, no devices or other special
 * files, no duplicates, no NUL, control characters or backslashes in names, names at most {@link
 * ExtractionLimits#maxNameBytes()} long, and the entry, size and compression-ratio limits counted
 * as bytes stream. File modes are reduced to 0755 or 0644, directories to 0755.
 *
 * <p>On failure, partial content may remain under the target (the caller removes its staging
 * directory); nothing is ever written outside it, except a git clone in a temporary directory
 * beside the target that is deleted before {@link #fetch} returns.
 */
public final class SourceFetcher {

    private final ExtractionLimits limits;

    public SourceFetcher(ExtractionLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Writes the source's tree under {@code target}.
     *
     * @param target an existing, empty directory (not a link) inside the caller's staging area
     * @throws SourceException when the source cannot be read, cloned, or its ref resolved
     * @throws ExtractionException when an entry breaks a rule; the message names the entry
     * @throws IllegalArgumentException when the target is not an empty directory
     */
    public FetchedTree fetch(PluginSource source, Path target) {
        Objects.requireNonNull(source, "source");
        checkTarget(target);
        try {
            return switch (source) {
                case PluginSource.Directory d -> {
                    if (!Files.isDirectory(d.path())) {
                        throw new SourceException(
                                Problem.NOT_FOUND, d.display(), "the directory " + d.display() + " does not exist");
                    }
                    DirectoryCopier.copy(d.path(), target, limits);
                    yield local(target);
                }
                case PluginSource.ZipArchive z -> {
                    ZipExtractor.extract(z.path(), target, limits);
                    yield local(target);
                }
                case PluginSource.TarGzArchive t -> {
                    TarGzExtractor.extract(t.path(), target, limits);
                    yield local(target);
                }
                case PluginSource.GitRepository g -> {
                    var commit = GitFetcher.fetch(g, target, limits);
                    yield new FetchedTree(
                            rootOf(target), Optional.of(commit), g.ref().isEmpty());
                }
            };
        } catch (IOException e) {
            throw unreadable(source, e);
        } catch (UncheckedIOException e) {
            throw unreadable(source, e.getCause());
        }
    }

    private static SourceException unreadable(PluginSource source, IOException e) {
        return new SourceException(
                Problem.UNREADABLE,
                source.display(),
                "could not read " + source.display() + ": " + Printable.of(String.valueOf(e.getMessage())),
                e);
    }

    private static FetchedTree local(Path target) throws IOException {
        return new FetchedTree(rootOf(target), Optional.empty(), false);
    }

    /**
     * Archives are often made with one top folder ({@code tar czf p.tgz my-plugin/}); the plugin
     * root is then that folder. Only when the top level holds nothing else, so nothing is dropped.
     */
    private static Path rootOf(Path target) throws IOException {
        var top = new ArrayList<Path>();
        try (var entries = Files.list(target)) {
            entries.forEach(top::add);
        }
        if (top.size() != 1) {
            return target;
        }
        var only = top.getFirst();
        var name = only.getFileName().toString();
        var attrs = Files.readAttributes(only, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean isManifest = PluginLayout.MANIFEST_FILES.contains(name);
        return attrs.isDirectory() && !isManifest ? only : target;
    }

    private static void checkTarget(Path target) {
        Objects.requireNonNull(target, "target");
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("the fetch target must be an existing directory, not a link");
        }
        try (var entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("the fetch target must be empty");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the fetch target cannot be listed", e);
        }
    }
}
