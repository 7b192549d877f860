package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Writes a zip archive's entries through a {@link TreeWriter}. The central directory is read (not
 * the local headers alone) because only it carries the Unix mode that marks symlinks and
 * executables.
 */
final class ZipExtractor {

    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_DIRECTORY = 0040000;

    private ZipExtractor() {}

    static void extract(Path archive, Path target, ExtractionLimits limits) throws IOException {
        try (var channel = new CountingChannel(Files.newByteChannel(archive, StandardOpenOption.READ));
                var zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            var entries = Collections.list(zip.getEntriesInPhysicalOrder());
            if (entries.size() > limits.maxEntries()) {
                // The central directory is already in hand: refuse before writing anything.
                throw new ExtractionException(entries.get(limits.maxEntries()).getName(), Reason.TOO_MANY_ENTRIES);
            }
            // Only what is read after opening counts as compressed input for the ratio rule.
            long opened = channel.count();
            var writer = new TreeWriter(target, new Budget(limits, () -> channel.count() - opened));
            for (var entry : entries) {
                write(zip, entry, writer, limits);
            }
            writer.finish();
        }
    }

    private static void write(ZipFile zip, ZipArchiveEntry entry, TreeWriter writer, ExtractionLimits limits)
            throws IOException {
        var name = entry.getName();
        int mode = entry.getUnixMode();
        int type = mode & TYPE_MASK;
        if (entry.isUnixSymlink()) {
            try (var in = zip.getInputStream(entry)) {
                writer.symlink(name, LinkText.read(name, in, limits.maxNameBytes()));
            }
        } else if (type == TYPE_DIRECTORY || (type == 0 && entry.isDirectory())) {
            writer.directory(name);
        } else if (type == TYPE_FILE || type == 0) {
            try (var in = zip.getInputStream(entry)) {
                writer.file(name, (mode & 0100) != 0, in);
            }
        } else {
            throw new ExtractionException(name, Reason.SPECIAL_FILE);
        }
    }
}
