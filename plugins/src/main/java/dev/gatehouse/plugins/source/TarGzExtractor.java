package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Writes a {@code .tar.gz} archive's entries through a {@link TreeWriter}. Limits are applied at
 * two levels: to file content in the writer, and to the whole decompressed stream here, because
 * tar headers (pax records, GNU long names) are decompressed and buffered by the reader before any
 * content is seen, and a bomb can hide there too.
 */
final class TarGzExtractor {

    /** Room for headers, padding and long-name records beside the content itself. */
    private static final long METADATA_PER_ENTRY = 2048;

    private static final long SLACK = 1L << 20;

    private TarGzExtractor() {}

    static void extract(Path archive, Path target, ExtractionLimits limits) throws IOException {
        var current = new AtomicReference<>("(archive header)");
        try (var compressed = new CountingInputStream(Files.newInputStream(archive))) {
            var budget = new Budget(limits, compressed::count);
            long streamCap = limits.maxExpandedBytes() + limits.maxEntries() * METADATA_PER_ENTRY + SLACK;
            var gzip = GzipCompressorInputStream.builder()
                    .setInputStream(compressed)
                    .get();
            var guarded = new CountingInputStream(gzip, total -> {
                if (total > streamCap) {
                    throw new ExtractionException(current.get(), Reason.TOO_LARGE);
                }
                budget.checkRatio(current.get(), total);
            });
            try (var tar = new TarArchiveInputStream(guarded)) {
                var writer = new TreeWriter(target, budget);
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    current.set(entry.getName());
                    write(entry, tar, writer);
                }
                writer.finish();
            }
        }
    }

    private static void write(TarArchiveEntry entry, TarArchiveInputStream tar, TreeWriter writer) throws IOException {
        var name = entry.getName();
        if (entry.isSparse()) {
            throw new ExtractionException(name, Reason.SPECIAL_FILE);
        }
        switch (entry.getLinkFlag()) {
            case '0', 0, '7' -> {
                if (name.endsWith("/")) {
                    // Pre-POSIX tars mark directories only by the trailing slash.
                    writer.directory(name);
                } else {
                    writer.file(name, (entry.getMode() & 0100) != 0, tar);
                }
            }
            case '5' -> writer.directory(name);
            case '2' -> writer.symlink(name, entry.getLinkName());
            case '1' -> writer.hardlink(name, entry.getLinkName());
            // A global pax header carries metadata only (git archive writes the commit id there).
            case 'g' -> {}
            default -> throw new ExtractionException(name, Reason.SPECIAL_FILE);
        }
    }
}
