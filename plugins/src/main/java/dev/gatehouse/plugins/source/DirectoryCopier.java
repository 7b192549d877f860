package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * Copies a local directory through a {@link TreeWriter}. Symlinks are copied as links (and so
 * checked like archive links), never followed; special files are refused. A git working copy's
 * {@code .git} (a directory, or the file a linked worktree has), at any depth, is left out: it is
 * the repository, not the plugin, and without it a checkout installs with the same digest as its
 * commit fetched from git, so a publisher's signature over that digest still verifies.
 */
final class DirectoryCopier {

    private DirectoryCopier() {}

    static void copy(Path source, Path target, ExtractionLimits limits) throws IOException {
        // The root alone may be reached through a link: the operator named it.
        var root = source.toRealPath();
        if (target.toRealPath().startsWith(root)) {
            throw new IllegalArgumentException("the fetch target lies inside the source directory");
        }
        var writer = new TreeWriter(target, new Budget(limits, Budget.UNCOMPRESSED));
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && isGitMetadata(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!dir.equals(root)) {
                    writer.directory(name(root, dir) + "/");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                var name = name(root, file);
                if (isGitMetadata(file) && !attrs.isSymbolicLink()) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    writer.symlink(name, Files.readSymbolicLink(file).toString());
                } else if (attrs.isRegularFile()) {
                    boolean executable = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OWNER_EXECUTE);
                    try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                        writer.file(name, executable, in);
                    }
                } else {
                    throw new ExtractionException(name, Reason.SPECIAL_FILE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        writer.finish();
    }

    private static boolean isGitMetadata(Path path) {
        return path.getFileName().toString().equals(".git");
    }

    private static String name(Path root, Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
