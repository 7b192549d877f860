package dev.gatehouse.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, so a test controls every byte, the Host header included. */
final class RawHttp {

    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Every body any test read, to check once that none leaks what it must not. */
    static final List<String> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RawHttp() {}

    /** An MCP initialize request, which starts a session. */
    static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
            "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    /** A tools/list request, to use a session. */
    static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    /** A JSON-RPC POST to /mcp as a client sends it, with a bearer token and optionally a session. */
    static Reply mcp(int port, String token, String session, String body) throws IOException {
        return mcp(port, token, session, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The same with a body as raw bytes and more headers (which win over the usual ones). */
    static Reply mcp(int port, String token, String session, byte[] body, Map<String, String> extra)
            throws IOException {
        var headers = new HashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (session != null) {
            headers.put(McpGate.SESSION_HEADER, session);
        }
        headers.putAll(extra);
        return send(port, "POST", "/mcp", headers, body);
    }

    /** {@code body} in HTTP/1.1 chunked transfer coding, in chunks of {@code chunk} bytes. */
    static byte[] chunked(byte[] body, int chunk) {
        var out = new java.io.ByteArrayOutputStream();
        for (int off = 0; off < body.length; off += chunk) {
            int n = Math.min(chunk, body.length - off);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static Reply send(int port, String method, String path, Map<String, String> headers, byte[] body)
            throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            var head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            var all = new LinkedHashMap<String, String>();
            all.put("Host", "127.0.0.1:" + port);
            all.putAll(headers);
            all.put("Connection", "close");
            if (body != null && !all.containsKey("Transfer-Encoding")) {
                all.put("Content-Length", Integer.toString(body.length));
            }
            all.forEach((k, v) -> {
                if (v != null) {
                    head.append(k).append(": ").append(v).append("\r\n");
                }
            });
            head.append("\r\n");
            var out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server may refuse (413) and close before the whole body is sent; read its answer.
            }
            return read(socket.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        var statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        var headers = new LinkedHashMap<String, String>();
        String line;
        while (!(line = line(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.merge(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        byte[] raw;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            var body = new ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0) {
                body.write(in.readNBytes(size));
                line(in);
            }
            raw = body.toByteArray();
        } else if (headers.containsKey("content-length")) {
            raw = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            raw = in.readAllBytes();
        }
        var text = new String(raw, StandardCharsets.UTF_8);
        SEEN.add(text);
        return new Reply(status, headers, text);
    }

    private static String line(InputStream in) throws IOException {
        var bytes = new ArrayList<Byte>();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                bytes.add((byte) b);
            }
        }
        var array = new byte[bytes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = bytes.get(i);
        }
        return new String(array, StandardCharsets.ISO_8859_1);
    }
}
