package dev.gatehouse.plugins.source;

/**
 * How much a plugin source may expand to before fetching stops. All limits are checked while
 * bytes stream, never against sizes an archive header claims.
 *
 * <p>The compression-ratio rule: once more than {@code ratioGraceBytes} have been expanded, the
 * expanded bytes may be at most {@code maxCompressionRatio} times the compressed bytes read so far.
 * Ordinary plugin content (code, JSON, text) compresses 3 to 20 times; a decompression bomb made of
 * repeated bytes compresses about 1000 times with deflate. The grace keeps a tiny archive of a few
 * very compressible files from tripping the rule.
 *
 * @param maxEntries most entries (files, directories, links) a source may hold
 * @param maxExpandedBytes most bytes of file content the tree may hold
 * @param maxCompressionRatio most expanded bytes per compressed byte read, after the grace
 * @param ratioGraceBytes expanded bytes allowed before the ratio rule applies
 * @param maxNameBytes longest entry name or link target, in UTF-8 bytes
 */
public record ExtractionLimits(
        int maxEntries, long maxExpandedBytes, double maxCompressionRatio, long ratioGraceBytes, int maxNameBytes) {

    /** 10,000 entries, 100 MiB, ratio 100 after 1 MiB, names up to 4096 bytes. */
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(10_000, 100L << 20, 100.0, 1L << 20, 4096);

    public ExtractionLimits {
        if (maxEntries < 1 || maxExpandedBytes < 1 || ratioGraceBytes < 0 || maxNameBytes < 1) {
            throw new IllegalArgumentException("extraction limits must be positive");
        }
        if (!(maxCompressionRatio >= 1.0)) {
            throw new IllegalArgumentException("maxCompressionRatio must be at least 1");
        }
    }

    /** These limits with another expanded size. */
    public ExtractionLimits withMaxExpandedBytes(long bytes) {
        return new ExtractionLimits(maxEntries, bytes, maxCompressionRatio, ratioGraceBytes, maxNameBytes);
    }
}
