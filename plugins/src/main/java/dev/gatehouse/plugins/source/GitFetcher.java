package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import dev.gatehouse.plugins.source.SourceException.Problem;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Fetches one commit of a git repository: a bare clone into a temporary directory beside the
 * target, the ref resolved there, and the commit's tree written entry by entry through a {@link
 * TreeWriter}, so that a repository meets the same rules as an archive. Nothing is checked out:
 * no git filters, hooks or attributes run.
 */
final class GitFetcher {

    /** Network operations give up after this long without progress. */
    static final int TIMEOUT_SECONDS = 120;

    private GitFetcher() {}

    /** Writes the tree and returns the full id of the commit it came from. */
    static String fetch(PluginSource.GitRepository source, Path target, ExtractionLimits limits) throws IOException {
        if (overSsh(source.url())) {
            // No SSH transport is bundled: say so plainly instead of failing inside the clone.
            throw new SourceException(
                    Problem.UNSUPPORTED_SCHEME,
                    source.display(),
                    "git over ssh is not supported yet: use an https:// URL, or clone it yourself and install the"
                            + " file:// path of the clone");
        }
        var clone = Files.createTempDirectory(target.toAbsolutePath().getParent(), ".clone-");
        Throwable failure = null;
        try (var git = cloneBare(source, clone)) {
            var repo = git.getRepository();
            var commit = RefResolver.resolve(repo, source);
            // The whole clone stands for the compressed side of the ratio rule.
            long packed = sizeOf(clone);
            writeTree(repo, commit, target, new Budget(limits, () -> packed));
            return commit.name();
        } catch (RuntimeException | IOException | Error e) {
            failure = e;
            throw e;
        } finally {
            deleteClone(clone, failure);
        }
    }

    private static Git cloneBare(PluginSource.GitRepository source, Path clone) {
        IsolatedGitConfig.install();
        try {
            return Git.cloneRepository()
                    .setURI(source.url())
                    .setDirectory(clone.toFile())
                    .setBare(true)
                    .setCloneAllBranches(true)
                    .setTagOption(TagOpt.FETCH_TAGS)
                    .setTimeout(TIMEOUT_SECONDS)
                    .call();
        } catch (GitAPIException | JGitInternalException e) {
            var detail = Optional.ofNullable(e.getMessage())
                    .map(m -> m.replace(source.url(), SourceParser.redact(source.url())))
                    .orElse(e.getClass().getSimpleName());
            throw new SourceException(
                    Problem.CLONE_FAILED,
                    source.display(),
                    "could not clone " + SourceParser.redact(source.url()) + ": " + Printable.of(detail),
                    e);
        }
    }

    private static void writeTree(Repository repo, RevCommit commit, Path target, Budget budget) throws IOException {
        var writer = new TreeWriter(target, budget);
        try (var walk = new TreeWalk(repo)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                var name = walk.getPathString();
                int mode = walk.getRawMode(0);
                switch (mode & FileMode.TYPE_MASK) {
                    case FileMode.TYPE_FILE -> {
                        try (var in = repo.open(walk.getObjectId(0), Constants.OBJ_BLOB)
                                .openStream()) {
                            writer.file(name, (mode & 0100) != 0, in);
                        }
                    }
                    case FileMode.TYPE_SYMLINK -> {
                        try (var in = repo.open(walk.getObjectId(0), Constants.OBJ_BLOB)
                                .openStream()) {
                            writer.symlink(
                                    name,
                                    LinkText.read(name, in, budget.limits().maxNameBytes()));
                        }
                    }
                    case FileMode.TYPE_GITLINK -> throw new ExtractionException(name, Reason.SUBMODULE);
                    default -> throw new ExtractionException(name, Reason.SPECIAL_FILE);
                }
            }
        }
        writer.finish();
    }

    private static long sizeOf(Path dir) throws IOException {
        var total = new AtomicLong();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total.addAndGet(attrs.size());
                return FileVisitResult.CONTINUE;
            }
        });
        return total.get();
    }

    static boolean overSsh(String url) {
        return url.startsWith("ssh://") || !url.contains("://");
    }

    /** Deletes the clone; a failure to do so is added to the fetch's own failure, if any. */
    private static void deleteClone(Path clone, Throwable failure) throws IOException {
        try {
            Files.walkFileTree(clone, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
