package dev.gatehouse.plugins.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds real zip and tar.gz archives for tests, hostile ones included: names are written exactly
 * as given ({@code ../x}, {@code /etc/x}), links may point anywhere, and entries may be devices,
 * duplicates or highly compressible bombs.
 */
public final class Archives {

    private Archives() {}

    /** A zip archive builder. */
    public static Builder zip() {
        return new Builder(Format.ZIP);
    }

    /** A gzip-compressed tar archive builder. */
    public static Builder tarGz() {
        return new Builder(Format.TAR_GZ);
    }

    enum Format {
        ZIP,
        TAR_GZ
    }

    enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK,
        CHAR_DEVICE,
        FIFO
    }

    record Entry(String name, Kind kind, int mode, String linkTarget, long size, byte[] content) {}

    /** Entries in the order given; {@link #writeTo} writes them as they are. */
    public static final class Builder {
        private final Format format;
        private final List<Entry> entries = new ArrayList<>();
        private Instant modified = Instant.parse("2020-01-01T00:00:00Z");

        Builder(Format format) {
            this.format = format;
        }

        public Builder file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
        }

        public Builder executable(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8), 0755);
        }

        public Builder file(String name, byte[] content, int mode) {
            entries.add(new Entry(name, Kind.FILE, mode, null, content.length, content));
            return this;
        }

        /** A file of {@code size} zero bytes, streamed when written: a decompression bomb when large. */
        public Builder zeros(String name, long size) {
            entries.add(new Entry(name, Kind.FILE, 0644, null, size, null));
            return this;
        }

        public Builder directory(String name) {
            entries.add(new Entry(name, Kind.DIRECTORY, 0755, null, 0, null));
            return this;
        }

        public Builder symlink(String name, String target) {
            entries.add(new Entry(name, Kind.SYMLINK, 0777, target, 0, null));
            return this;
        }

        /** A tar hard link to an earlier entry {@code target}; zip has none. */
        public Builder hardlink(String name, String target) {
            entries.add(new Entry(name, Kind.HARDLINK, 0644, target, 0, null));
            return this;
        }

        public Builder charDevice(String name) {
            entries.add(new Entry(name, Kind.CHAR_DEVICE, 0666, null, 0, null));
            return this;
        }

        public Builder fifo(String name) {
            entries.add(new Entry(name, Kind.FIFO, 0644, null, 0, null));
            return this;
        }

        /** {@code count} small files named {@code <prefix>0000...}. */
        public Builder manyFiles(String prefix, int count) {
            for (int i = 0; i < count; i++) {
                file(prefix + String.format("%05d", i), "x");
            }
            return this;
        }

        /** The modification time stamped on every entry. */
        public Builder modifiedAt(Instant time) {
            this.modified = time;
            return this;
        }

        public Path writeTo(Path archive) throws IOException {
            Files.createDirectories(archive.toAbsolutePath().getParent());
            switch (format) {
                case ZIP -> writeZip(archive);
                case TAR_GZ -> writeTarGz(archive);
            }
            return archive;
        }

        private void writeZip(Path archive) throws IOException {
            try (var zip = new ZipArchiveOutputStream(archive)) {
                for (var e : entries) {
                    var entry = new ZipArchiveEntry(
                            e.kind() == Kind.DIRECTORY && !e.name().endsWith("/") ? e.name() + "/" : e.name());
                    entry.setTime(FileTime.from(modified));
                    entry.setUnixMode(zipType(e.kind()) | e.mode());
                    zip.putArchiveEntry(entry);
                    switch (e.kind()) {
                        case FILE -> copy(e, zip);
                        case SYMLINK -> zip.write(e.linkTarget().getBytes(StandardCharsets.UTF_8));
                        case HARDLINK -> throw new IllegalArgumentException("zip has no hard links");
                        default -> {}
                    }
                    zip.closeArchiveEntry();
                }
            }
        }

        private static int zipType(Kind kind) {
            return switch (kind) {
                case FILE, HARDLINK -> UnixStat.FILE_FLAG;
                case DIRECTORY -> UnixStat.DIR_FLAG;
                case SYMLINK -> UnixStat.LINK_FLAG;
                case CHAR_DEVICE -> 0020000;
                case FIFO -> 0010000;
            };
        }

        private void writeTarGz(Path archive) throws IOException {
            try (var out = Files.newOutputStream(archive);
                    var gzip = new GzipCompressorOutputStream(out);
                    var tar = new TarArchiveOutputStream(gzip)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (var e : entries) {
                    var entry = new TarArchiveEntry(e.name(), tarFlag(e.kind()), true);
                    entry.setModTime(FileTime.from(modified));
                    entry.setMode(e.mode());
                    if (e.linkTarget() != null) {
                        entry.setLinkName(e.linkTarget());
                    }
                    if (e.kind() == Kind.FILE) {
                        entry.setSize(e.size());
                    }
                    tar.putArchiveEntry(entry);
                    if (e.kind() == Kind.FILE) {
                        copy(e, tar);
                    }
                    tar.closeArchiveEntry();
                }
            }
        }

        private static byte tarFlag(Kind kind) {
            return switch (kind) {
                case FILE -> TarConstants.LF_NORMAL;
                case DIRECTORY -> TarConstants.LF_DIR;
                case SYMLINK -> TarConstants.LF_SYMLINK;
                case HARDLINK -> TarConstants.LF_LINK;
                case CHAR_DEVICE -> TarConstants.LF_CHR;
                case FIFO -> TarConstants.LF_FIFO;
            };
        }

        private static void copy(Entry e, OutputStream out) throws IOException {
            if (e.content() != null) {
                out.write(e.content());
                return;
            }
            try (var zeros = zeros(e.size())) {
                zeros.transferTo(out);
            }
        }

        private static InputStream zeros(long size) {
            return new InputStream() {
                private long left = size;

                @Override
                public int read() {
                    if (left == 0) {
                        return -1;
                    }
                    left--;
                    return 0;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left == 0) {
                        return -1;
                    }
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 0);
                    left -= n;
                    return n;
                }
            };
        }
    }
}
