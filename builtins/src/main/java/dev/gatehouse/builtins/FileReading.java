package dev.gatehouse.builtins;

import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** {@code files_read}: a window of a regular file, never more than the operator's cap. */
final class FileReading {

    /** JSON numbers are exact up to here; far beyond any file we would read from. */
    static final long MAX_OFFSET = 1L << 53;

    private final int maxBytes;

    FileReading(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Through the directory's handle and never through a link: one swapped in after the walk makes
     * the open fail (ELOOP), and a directory swapped for a link cannot move the handle.
     */
    static SeekableByteChannel open(Confinement.Place place) throws IOException {
        return place.directory()
                .newByteChannel(place.entry(), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    ToolOutput read(Arguments args, FileRoots roots, ExecutionGrant grant) throws IOException {
        var rootDir = roots.choose(FilesTools.rootName(args), false, grant);
        var path = RelativePath.parse(FileRoots.PLUGIN, args.requiredString("path", RelativePath.MAX_CHARS));
        long offset = args.optionalLong("offset", 0, MAX_OFFSET).orElse(0);
        var length = args.optionalLong("length", 1, Integer.MAX_VALUE);
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            throw new Refusal(
                    FileRoots.PLUGIN,
                    Refusal.Kind.SIZE,
                    "length " + length.getAsLong() + " is over the read cap of " + maxBytes + " bytes");
        }
        var confinement = new Confinement(rootDir, path);
        try (var place = confinement.walk(path.names(), true, false)) {
            return read(confinement, place, path, offset, length);
        }
    }

    private ToolOutput read(
            Confinement confinement, Confinement.Place place, RelativePath path, long offset, OptionalLong length)
            throws IOException {
        if (!place.exists()) {
            throw confinement.notFound();
        }
        // Checked before opening: opening a fifo would wait for a writer, a device could be endless.
        if (!place.isRegularFile()) {
            throw new Refusal(FileRoots.PLUGIN, Refusal.Kind.PATH, path.shown() + " is not a regular file");
        }
        try (var channel = open(place)) {
            long size = channel.size();
            long available = Math.max(0, size - offset);
            if (length.isEmpty() && available > maxBytes) {
                throw new Refusal(
                        FileRoots.PLUGIN,
                        Refusal.Kind.SIZE,
                        path.shown() + " has " + available + " bytes from offset " + offset + ", over the read cap of "
                                + maxBytes + "; read it in parts with offset and length");
            }
            int wanted = (int) Math.min(length.orElse(maxBytes), available);
            var buffer = ByteBuffer.allocate(wanted);
            long position = offset;
            while (buffer.hasRemaining()) {
                int n = channel.position(position).read(buffer);
                if (n < 0) {
                    break;
                }
                position += n;
            }
            buffer.flip();
            var text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(buffer)
                    .toString();
            var structured = new LinkedHashMap<String, Object>();
            structured.put("path", path.text());
            structured.put("offset", offset);
            structured.put("bytes", position - offset);
            structured.put("size", size);
            structured.put("eof", position >= size);
            return new ToolOutput(List.of(new ToolOutput.Content.Text(text)), Optional.of(structured), false);
        }
    }
}
