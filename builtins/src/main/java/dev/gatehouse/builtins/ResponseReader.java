package dev.gatehouse.builtins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads an HTTP/1.1 response with every part bounded: line length, header count, chunk sizes and
 * the body, which stops at the cap however much the server still has to send.
 */
final class ResponseReader {

    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_INTERIM = 10;
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] ([1-5][0-9]{2})(?: .*)?");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

    private final InputStream in;
    private final int maxBody;

    ResponseReader(InputStream in, int maxBody) {
        this.in = in;
        this.maxBody = maxBody;
    }

    HttpResponse read(boolean head) throws IOException {
        for (int interim = 0; interim <= MAX_INTERIM; interim++) {
            var statusLine = line();
            var m = STATUS.matcher(statusLine);
            if (!m.matches()) {
                throw protocol("the server did not answer with HTTP/1.x");
            }
            int status = Integer.parseInt(m.group(1));
            var headers = headers();
            if (status == 101) {
                throw protocol("the server tried to switch protocols");
            }
            if (status < 200) {
                continue;
            }
            if (head || status == 204 || status == 304) {
                return new HttpResponse(status, headers, new byte[0], false);
            }
            return body(status, headers);
        }
        throw protocol("the server sent too many interim responses");
    }

    private HttpResponse body(int status, List<HttpResponse.Header> headers) throws IOException {
        var transferEncoding = headers.stream()
                .filter(h -> h.name().equals("transfer-encoding"))
                .map(h -> h.value().toLowerCase(Locale.ROOT).trim())
                .toList();
        var out = new ByteArrayOutputStream();
        boolean truncated;
        if (!transferEncoding.isEmpty()) {
            truncated = transferEncoding.getLast().endsWith("chunked") ? chunked(out) : copy(out, Long.MAX_VALUE);
        } else {
            var lengths = headers.stream()
                    .filter(h -> h.name().equals("content-length"))
                    .map(h -> h.value().trim())
                    .distinct()
                    .toList();
            if (lengths.size() > 1
                    || (lengths.size() == 1 && !lengths.getFirst().matches("[0-9]{1,18}"))) {
                throw protocol("the server sent a malformed Content-Length");
            }
            long length = lengths.isEmpty() ? Long.MAX_VALUE : Long.parseLong(lengths.getFirst());
            truncated = copy(out, length);
        }
        return new HttpResponse(status, headers, out.toByteArray(), truncated);
    }

    /** Copies up to {@code length} bytes; true when it stopped at the cap with more to come. */
    private boolean copy(ByteArrayOutputStream out, long length) throws IOException {
        var buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int room = maxBody - out.size();
            if (room == 0) {
                return length == Long.MAX_VALUE ? in.read() >= 0 : true;
            }
            int n = in.read(buffer, 0, (int) Math.min(Math.min(buffer.length, room), left));
            if (n < 0) {
                if (length != Long.MAX_VALUE) {
                    throw protocol("the server closed the connection before the end of the body");
                }
                return false;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        return false;
    }

    private boolean chunked(ByteArrayOutputStream out) throws IOException {
        while (true) {
            var sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            var hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                throw protocol("the server sent a malformed chunk");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                headers(); // trailers, read and dropped
                return false;
            }
            long room = maxBody - out.size();
            if (size > room) {
                copy(out, room);
                return true;
            }
            copy(out, size);
            if (!line().isEmpty()) {
                throw protocol("the server sent a malformed chunk");
            }
        }
    }

    private List<HttpResponse.Header> headers() throws IOException {
        var headers = new ArrayList<HttpResponse.Header>();
        while (true) {
            var line = line();
            if (line.isEmpty()) {
                return headers;
            }
            if (headers.size() == MAX_HEADERS) {
                throw protocol("the server sent too many headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw protocol("the server sent a malformed header");
            }
            headers.add(new HttpResponse.Header(
                    line.substring(0, colon).toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim()));
        }
    }

    private String line() throws IOException {
        var bytes = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw protocol("the server closed the connection early");
            }
            if (b == '\n') {
                break;
            }
            if (bytes.size() == MAX_LINE) {
                throw protocol("the server sent a line that is too long");
            }
            bytes.write(b);
        }
        var text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static Refusal protocol(String message) {
        return new Refusal(Destination.PLUGIN, Refusal.Kind.PROTOCOL, message);
    }
}
