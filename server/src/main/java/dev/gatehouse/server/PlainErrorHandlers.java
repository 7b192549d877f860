package dev.gatehouse.server;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (bad request lines, oversized headers, servlet failures) written as the
 * same generic JSON as ours: never a message, a stack or a servlet name.
 */
final class PlainErrorHandlers {

    private PlainErrorHandlers() {}

    static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause) {
            writeGeneric(response, callback, code);
            return true;
        }
    }

    static final class ForContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause) {
            writeGeneric(response, callback, code);
            return true;
        }
    }

    private static void writeGeneric(Response response, Callback callback, int code) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(Responses.genericBytes(code)), callback);
    }
}
