package dev.gatehouse.server;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the SDK's own error texts (which can quote exception messages and class names) from
 * reaching a client: once an error status is set, whatever the SDK writes is dropped, and
 * {@link #finish()} writes the generic body for that status instead.
 */
final class GenericErrorResponse extends HttpServletResponseWrapper {

    /** Per process, so event ids of two server runs never collide. */
    private static final String STREAM = Long.toString(new java.security.SecureRandom().nextLong() >>> 1, 36);

    private boolean error;
    private PrintWriter writer;
    private boolean suppressed;

    GenericErrorResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void setStatus(int sc) {
        super.setStatus(sc);
        error = sc >= 400;
    }

    @Override
    public void sendError(int sc) {
        setStatus(sc);
        suppressed = true;
    }

    @Override
    public void sendError(int sc, String msg) {
        sendError(sc);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (error) {
            suppressed = true;
            return new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
        }
        if (writer == null) {
            writer = new PrintWriter(new EventIdWriter(super.getWriter(), STREAM), false);
        }
        return writer;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (error) {
            suppressed = true;
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    // dropped: see the class comment
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new IllegalStateException("not asynchronous");
                }
            };
        }
        return super.getOutputStream();
    }

    /** Writes the generic body when an error body was dropped. */
    void finish() throws IOException {
        if (error && suppressed && !isCommitted()) {
            var response = (HttpServletResponse) getResponse();
            response.resetBuffer();
            Responses.write(response, Responses.genericBytes(getStatus()));
        }
    }
}
