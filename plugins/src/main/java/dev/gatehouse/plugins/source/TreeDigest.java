package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.PluginLayout;
import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest of a plugin tree: what publishers sign and what {@code plugins verify} recomputes.
 * The same tree gives the same digest on every machine, whatever its mtimes, owners, umask, or the
 * form (directory, zip, tar.gz, git) it came in.
 *
 * <h2>Format</h2>
 *
 * The digest is {@code "sha256:"} followed by the 64 lowercase hex digits of the SHA-256 of a
 * listing, encoded in UTF-8. The listing has one line per regular file and per symbolic link
 * under the root, at any depth:
 *
 * <pre>
 * file &lt;mode&gt; &lt;sha256-hex of the content&gt; &lt;path&gt;\n
 * link &lt;sha256-hex of the target text, UTF-8&gt; &lt;path&gt;\n
 * </pre>
 *
 * <ul>
 *   <li>{@code <mode>} is {@code 755} when the owner-execute bit is set, else {@code 644};
 *   <li>{@code <path>} is relative to the root, segments joined by {@code /}, no leading {@code ./};
 *   <li>lines are sorted by {@code <path>} compared as unsigned UTF-8 bytes;
 *   <li>single spaces separate fields, every line ends with {@code \n} (also the last); hex is
 *       lowercase;
 *   <li>directories are not listed (an empty directory changes nothing);
 *   <li>the regular file {@code plugin.sig} at the root is left out: it holds the signature over
 *       this digest.
 * </ul>
 *
 * Any other kind of entry (device, fifo, socket), and any path holding a control character or
 * backslash (a newline could forge a line), is refused with an {@link ExtractionException}.
 * Symbolic links are listed, never followed.
 */
public final class TreeDigest {

    private record Line(byte[] path, String text) {}

    private TreeDigest() {}

    /**
     * Computes the digest of the tree under {@code root}.
     *
     * @throws ExtractionException when the tree holds a special file or an unlistable name
     * @throws UncheckedIOException when the tree cannot be read
     */
    public static String of(Path root) {
        try {
            var lines = list(root.toRealPath());
            lines.sort((a, b) -> Arrays.compareUnsigned(a.path(), b.path()));
            var sha = sha256();
            for (var line : lines) {
                sha.update(line.text().getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Line> list(Path root) throws IOException {
        var lines = new ArrayList<Line>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                var path = root.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), "/");
                EntryPath.checkCharacters(path, path, Integer.MAX_VALUE);
                if (attrs.isSymbolicLink()) {
                    var target = Files.readSymbolicLink(file).toString();
                    lines.add(line(path, "link " + hex(target.getBytes(StandardCharsets.UTF_8)) + " " + path));
                } else if (attrs.isRegularFile()) {
                    if (!path.equals(PluginLayout.SIGNATURE_FILE)) {
                        lines.add(line(path, "file " + mode(file) + " " + hexOf(file) + " " + path));
                    }
                } else {
                    throw new ExtractionException(path, Reason.SPECIAL_FILE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return lines;
    }

    private static Line line(String path, String text) {
        return new Line(path.getBytes(StandardCharsets.UTF_8), text + "\n");
    }

    private static String mode(Path file) throws IOException {
        var perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        return perms.contains(PosixFilePermission.OWNER_EXECUTE) ? "755" : "644";
    }

    private static String hexOf(Path file) throws IOException {
        var sha = sha256();
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            var buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
