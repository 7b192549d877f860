package dev.gatehouse.plugins.source;

import dev.gatehouse.plugins.source.ExtractionException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a symlink's target stored as entry content (zip, git), refusing oversized ones unread. */
final class LinkText {

    private LinkText() {}

    static String read(String entry, InputStream in, int maxBytes) throws IOException {
        var bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new ExtractionException(entry, Reason.BAD_NAME);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
