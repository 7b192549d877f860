package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.util.function.LongSupplier;

/**
 * Counts entries and expanded bytes against {@link ExtractionLimits} as they stream. The
 * compressed side is whatever the source actually read from disk so far, so that a lying header
 * cannot buy room.
 */
final class Budget {

    /** For sources with no compression, where the ratio rule does not apply. */
    static final LongSupplier UNCOMPRESSED = () -> Long.MAX_VALUE;

    private final ExtractionLimits limits;
    private final LongSupplier compressedRead;
    private int entries;
    private long expanded;

    Budget(ExtractionLimits limits, LongSupplier compressedRead) {
        this.limits = limits;
        this.compressedRead = compressedRead;
    }

    ExtractionLimits limits() {
        return limits;
    }

    void countEntry(String entry) {
        entries++;
        if (entries > limits.maxEntries()) {
            throw new ExtractionException(entry, Reason.TOO_MANY_ENTRIES);
        }
    }

    /** Called before {@code bytes} more content bytes are written for {@code entry}. */
    void addContent(String entry, long bytes) {
        expanded += bytes;
        if (expanded > limits.maxExpandedBytes()) {
            throw new ExtractionException(entry, Reason.TOO_LARGE);
        }
        checkRatio(entry, expanded);
    }

    /** Applies the ratio rule to a count of expanded bytes (content, or a whole decompressed stream). */
    void checkRatio(String entry, long expandedBytes) {
        if (expandedBytes <= limits.ratioGraceBytes()) {
            return;
        }
        long compressed = Math.max(1, compressedRead.getAsLong());
        if (expandedBytes > limits.maxCompressionRatio() * compressed) {
            throw new ExtractionException(entry, Reason.COMPRESSION_RATIO);
        }
    }
}
