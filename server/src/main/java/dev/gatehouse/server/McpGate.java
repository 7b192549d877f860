package dev.gatehouse.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Everything {@code /mcp} checks before the SDK's transport sees a request: authentication, the
 * session's owner, the protocol version header, content type, body size and JSON-RPC shape. The
 * SDK then runs inside the caller's scope, and its error bodies are replaced by generic ones.
 */
final class McpGate implements Filter {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final Pattern JSON_TYPE = Pattern.compile("application/json\\s*(;.*)?");

    private final Authenticator authenticator;
    private final SessionRegistry sessions;
    private final long maxBodyBytes;
    private final Counter unauthorized;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** POSTs admitted and not yet answered: the calls shutdown lets finish. */
    private final java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();

    private final Set<String> methods;
    private final Clock clock;

    /** @param methods the request methods the SDK has handlers for */
    McpGate(
            Authenticator authenticator,
            SessionRegistry sessions,
            long maxBodyBytes,
            Counter unauthorized,
            Set<String> methods,
            Clock clock) {
        this.authenticator = authenticator;
        this.clock = clock;
        this.methods = Set.copyOf(methods);
        this.sessions = sessions;
        this.maxBodyBytes = maxBodyBytes;
        this.unauthorized = unauthorized;
    }

    /** From now on every request is refused with 503; calls already admitted run on. */
    void close() {
        closing.set(true);
    }

    /**
     * Waits until every POST admitted before {@link #close} is answered, or {@code timeout} passes.
     * The SDK ends a session's streams when it closes, in-flight answers among them, so shutdown
     * closes it only after this.
     *
     * @return what is left of {@code timeout}
     */
    java.time.Duration awaitAnswered(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (posts.get() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        return java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        var request = (HttpServletRequest) req;
        var response = (HttpServletResponse) res;
        if (closing.get()) {
            Responses.generic(response, 503);
            return;
        }
        var method = request.getMethod();
        if (!"POST".equals(method) && !"GET".equals(method) && !"DELETE".equals(method)) {
            response.setHeader("Allow", "GET, POST, DELETE");
            Responses.generic(response, 405);
            return;
        }
        var sessionId = request.getHeader(SESSION_HEADER);
        var admission = admit(request, sessionId);
        if (admission instanceof Authenticator.Outcome.Refused refused) {
            refuse(response, refused);
            return;
        }
        var admitted = (Authenticator.Outcome.Admitted) admission;
        var caller = admitted.caller();
        var version = request.getHeader(VERSION_HEADER);
        if (version != null && !McpVersions.supported(version)) {
            Responses.rpcError(response, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Unsupported protocol version");
            return;
        }
        if (sessionId != null
                && (!SessionIds.wellFormed(sessionId)
                        || !sessions.ownedBy(sessionId, caller.who().principalId(), clock.instant()))) {
            // Another principal's session is answered exactly like one that never existed.
            Responses.rpcError(response, 404, -32001, "Session not found");
            return;
        }
        if (sessionId != null && admitted.fresh()) {
            sessions.refresh(sessionId, admitted.verified());
        }
        HttpServletRequest forwarded = request;
        if ("POST".equals(method)) {
            var body = admitBody(request, response, sessionId == null);
            if (body.isEmpty()) {
                return;
            }
            forwarded = new BufferedBodyRequest(request, body.get());
        }
        request.setAttribute(Caller.CONTEXT_KEY, caller);
        var guarded = new GenericErrorResponse(response);
        var target = forwarded;
        boolean post = "POST".equals(method);
        if (post) {
            posts.incrementAndGet();
        }
        try {
            ScopedValue.where(BoundSessionFactory.ADMITTED, admitted).call(() -> {
                chain.doFilter(target, guarded);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException("MCP request failed", e);
        } finally {
            if (post) {
                posts.decrementAndGet();
            }
        }
        guarded.finish();
        if ("DELETE".equals(method) && sessionId != null && response.getStatus() < 300) {
            sessions.remove(sessionId);
        }
    }

    /**
     * Who sent the request: the session's own principal when it shows the credential verified for
     * that session recently (see {@link SessionRegistry}), else a full authentication.
     */
    private Authenticator.Outcome admit(HttpServletRequest request, String sessionId) {
        var presented = authenticator.presented(request);
        if (presented.isEmpty()) {
            return authenticator.malformed();
        }
        if (sessionId != null && SessionIds.wellFormed(sessionId)) {
            var reused = sessions.reuse(sessionId, presented.get().digest(), clock.instant());
            if (reused.isPresent()) {
                var caller = new Caller(reused.get().who(), request.getRemoteAddr());
                return new Authenticator.Outcome.Admitted(caller, reused.get(), false);
            }
        }
        return authenticator.authenticate(presented.get(), request);
    }

    private void refuse(HttpServletResponse response, Authenticator.Outcome.Refused refused) throws IOException {
        // Refused before its body was read: the connection cannot carry another request safely, so
        // say it closes. A client that reused it would race the close and see the next request cut off.
        response.setHeader("Connection", "close");
        if (refused.status() == 401) {
            unauthorized.increment();
            response.setHeader("WWW-Authenticate", refused.challenge());
        }
        Responses.generic(response, refused.status());
    }

    /** Reads and checks a POST body; empty when a refusal has been written. */
    private Optional<byte[]> admitBody(HttpServletRequest request, HttpServletResponse response, boolean noSession)
            throws IOException {
        var type = request.getContentType();
        if (type == null || !isJson(type) || !utf8(request.getCharacterEncoding())) {
            Responses.generic(response, 415);
            return Optional.empty();
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            Responses.generic(response, 413);
            return Optional.empty();
        }
        var body = readBounded(request);
        if (body.isEmpty()) {
            Responses.generic(response, 413);
            return Optional.empty();
        }
        JsonNode message;
        try {
            // Decoded strictly once, and the text that was checked is what the SDK reads: Jackson
            // alone accepts overlong forms such as C0 AF for '/', which the SDK would decode to
            // U+FFFD, so the two would disagree about the method.
            message = Responses.JSON.readTree(strictUtf8(body.get()));
        } catch (CharacterCodingException | JsonProcessingException e) {
            Responses.rpcError(response, 400, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error");
            return Optional.empty();
        }
        var problem = JsonRpcShape.problem(message);
        if (problem.isPresent()) {
            Responses.rpcError(
                    response, 400, problem.get().code(), problem.get().message());
            return Optional.empty();
        }
        if (JsonRpcShape.isInitialize(message) && noSession && sessions.full()) {
            Responses.generic(response, 503);
            return Optional.empty();
        }
        if (!noSession
                && message.has("id")
                && message.has("method")
                && !methods.contains(message.get("method").asText())) {
            // The SDK answers an unknown method but never ends that response's stream; answer it here.
            Responses.rpcError(
                    response, 200, message.get("id"), McpSchema.ErrorCodes.METHOD_NOT_FOUND, "Method not found");
            return Optional.empty();
        }
        return body;
    }

    /** The body as text; invalid UTF-8 (overlong forms, lone surrogates, truncated sequences) is refused. */
    static String strictUtf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
    }

    /** {@code application/json} with optional parameters; the plain form, by far the commonest, without a regex. */
    static boolean isJson(String contentType) {
        return plainJson(contentType)
                || JSON_TYPE
                        .matcher(contentType.toLowerCase(Locale.ROOT).strip())
                        .matches();
    }

    /** JSON is UTF-8 (RFC 8259); a body declared in another charset would be read two ways. */
    private static boolean utf8(String charset) {
        return charset == null || charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
    }

    /** ASCII-only case folding: equalsIgnoreCase would also fold letters such as U+017F to 's'. */
    private static boolean plainJson(String contentType) {
        var plain = "application/json";
        if (contentType.length() != plain.length()) {
            return false;
        }
        for (int i = 0; i < plain.length(); i++) {
            char c = contentType.charAt(i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower != plain.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private Optional<byte[]> readBounded(HttpServletRequest request) throws IOException {
        try (var in = request.getInputStream()) {
            long declared = request.getContentLengthLong();
            if (declared >= 0) {
                // The usual case: one array of the declared size (already checked against the limit),
                // and one byte more must not arrive.
                var body = in.readNBytes((int) declared);
                return body.length == declared && in.read() == -1 ? Optional.of(body) : Optional.empty();
            }
            var out = new ByteArrayOutputStream();
            var buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > maxBodyBytes) {
                    return Optional.empty();
                }
                out.write(buffer, 0, n);
            }
            return Optional.of(out.toByteArray());
        }
    }
}
