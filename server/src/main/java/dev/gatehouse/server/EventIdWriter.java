package dev.gatehouse.server;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every server-sent event its own id. The SDK's transport stamps each event with the
 * session id, so a client resuming a stream (Last-Event-ID) or telling events apart sees one id
 * for all of them. This rewrites each {@code id:} line at the start of a line as the events pass;
 * everything else goes through untouched. JSON bodies never start a line with {@code id: }.
 */
final class EventIdWriter extends Writer {

    private static final String PREFIX = "id: ";
    private static final AtomicLong NEXT = new AtomicLong();

    private final Writer out;
    private final String stream;
    private final StringBuilder held = new StringBuilder();
    private boolean lineStart = true;
    private boolean skipping;

    /** @param stream what this server's ids start with, so ids of two processes do not collide */
    EventIdWriter(Writer out, String stream) {
        this.out = out;
        this.stream = stream;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(chars[i]);
        }
    }

    @Override
    public void write(int c) throws IOException {
        char ch = (char) c;
        if (skipping) {
            if (ch == '\n') {
                out.write(PREFIX + stream + "-" + NEXT.incrementAndGet() + "\n");
                skipping = false;
                lineStart = true;
            }
            return;
        }
        if (lineStart && held.length() < PREFIX.length() && ch == PREFIX.charAt(held.length())) {
            held.append(ch);
            if (held.length() == PREFIX.length()) {
                held.setLength(0);
                skipping = true;
            }
            return;
        }
        if (!held.isEmpty()) {
            out.write(held.toString());
            held.setLength(0);
        }
        out.write(ch);
        lineStart = ch == '\n';
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!held.isEmpty()) {
            out.write(held.toString());
            held.setLength(0);
        }
        out.close();
    }
}
