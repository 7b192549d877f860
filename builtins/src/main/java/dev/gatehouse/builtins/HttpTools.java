package dev.gatehouse.builtins;

import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.tool.ExecutionGrant;
import dev.gatehouse.api.tool.ToolHandler;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.sandbox.egress.Egress;
import dev.gatehouse.sandbox.egress.EgressDenied;
import dev.gatehouse.sandbox.egress.HostResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The {@code http} builtin: GET and POST to the operator's hosts, following redirects by hand so
 * that every hop is checked as the first was.
 */
final class HttpTools implements ToolHandler {

    static final String GET = "http_get";
    static final String POST = "http_post";
    static final List<String> TOOLS = List.of(GET, POST);

    static final int MAX_REDIRECTS = 5;
    static final int MAX_HEADERS = 16;
    static final int MAX_HEADER_VALUE = 1024;

    /** Headers a caller may set; everything that routes, authenticates or frames the request is ours. */
    static final Set<String> CALLER_HEADERS =
            Set.of("accept", "accept-language", "content-type", "user-agent", "if-none-match", "if-modified-since");

    /** Response headers worth passing on; cookies and server internals are not. */
    static final List<String> SHOWN_HEADERS =
            List.of("content-type", "content-length", "location", "etag", "last-modified", "retry-after");

    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7e\\t]*");

    private final BuiltinsConfig.Http config;
    private final Egress egress;
    private final WireExchange wire;
    private final Clock clock;

    HttpTools(
            BuiltinsConfig.Http config,
            Clock clock,
            HostResolver resolver,
            SocketOpener opener,
            SSLContext tls,
            AuditSink audit) {
        this.config = config;
        this.clock = clock;
        this.egress = new Egress(
                new Egress.Rules(
                        Optional.of(config.hosts()),
                        config.allowPrivate(),
                        "the operator must allow it in allow_private"),
                resolver,
                audit,
                clock);
        this.wire = new WireExchange(opener, tls, clock, config.maxResponseBytes());
    }

    @Override
    public ToolOutput call(String tool, Map<String, Object> arguments, ExecutionGrant grant) throws IOException {
        try {
            return switch (tool) {
                case GET -> fetch("GET", new Arguments(Destination.PLUGIN, arguments, Set.of("url", "headers")), grant);
                case POST ->
                    fetch(
                            "POST",
                            new Arguments(Destination.PLUGIN, arguments, Set.of("url", "headers", "body")),
                            grant);
                default -> throw new BuiltinsException(Destination.PLUGIN, "no tool named " + Quote.of(tool));
            };
        } catch (Refusal r) {
            return ToolOutput.error(r.getMessage());
        }
    }

    private ToolOutput fetch(String method, Arguments args, ExecutionGrant grant) throws IOException {
        var destination = Destination.parse(args.requiredString("url", Destination.MAX_URL_CHARS));
        var headers = headers(args.optionalStringMap("headers", MAX_HEADERS, MAX_HEADER_VALUE));
        var body = new byte[0];
        if (method.equals("POST")) {
            var text = args.optionalString("body", Integer.MAX_VALUE - 8).orElse("");
            body = text.length() > config.maxRequestBytes() ? null : text.getBytes(StandardCharsets.UTF_8);
            if (body == null || body.length > config.maxRequestBytes()) {
                throw new Refusal(
                        Destination.PLUGIN,
                        Refusal.Kind.SIZE,
                        "the body is over the request cap of " + config.maxRequestBytes() + " bytes");
            }
            headers.putIfAbsent("Content-Type", "text/plain; charset=utf-8");
        }
        var deadline = deadline(grant);
        var request = new WireExchange.Request(method, headers, body);
        for (int hop = 0; ; hop++) {
            List<InetAddress> addresses;
            try {
                addresses = egress.check(destination.host(), destination.port(), grant);
            } catch (EgressDenied e) {
                throw new Refusal(
                        Destination.PLUGIN,
                        e.reason() == EgressDenied.Reason.NOT_CONFIGURED
                                ? Refusal.Kind.NOT_CONFIGURED
                                : Refusal.Kind.DESTINATION,
                        e.getMessage());
            }
            var response = wire.exchange(destination, addresses, request, deadline);
            if (!response.isRedirect()) {
                return output(destination, response);
            }
            if (hop == MAX_REDIRECTS) {
                throw Destination.refuse("stopped after " + MAX_REDIRECTS + " redirects");
            }
            var next = destination.redirect(response.header("location").orElseThrow());
            request = afterRedirect(request, response.status());
            destination = next;
        }
    }

    /** 303, and 301/302 after a POST (as browsers do), become a GET without the body. */
    private static WireExchange.Request afterRedirect(WireExchange.Request request, int status) {
        if (status == 303
                || ((status == 301 || status == 302) && request.method().equals("POST"))) {
            var headers = new LinkedHashMap<>(request.headers());
            headers.keySet().removeIf(k -> k.equalsIgnoreCase("content-type"));
            return new WireExchange.Request("GET", headers, new byte[0]);
        }
        return request;
    }

    private Instant deadline(ExecutionGrant grant) {
        var ours = clock.instant().plus(config.timeout());
        return grant.deadline() != null && grant.deadline().isBefore(ours) ? grant.deadline() : ours;
    }

    private static Map<String, String> headers(Map<String, String> given) {
        var headers = new LinkedHashMap<String, String>();
        var seen = new java.util.HashSet<String>();
        for (var entry : given.entrySet()) {
            var name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!CALLER_HEADERS.contains(name)) {
                throw new Refusal(
                        Destination.PLUGIN,
                        Refusal.Kind.ARGUMENTS,
                        "header " + Quote.of(entry.getKey()) + " may not be set; allowed are "
                                + String.join(
                                        ", ", CALLER_HEADERS.stream().sorted().toList()));
            }
            if (!seen.add(name)) {
                throw new Refusal(
                        Destination.PLUGIN, Refusal.Kind.ARGUMENTS, "header " + Quote.of(name) + " is given twice");
            }
            if (!HEADER_VALUE.matcher(entry.getValue()).matches()) {
                throw new Refusal(
                        Destination.PLUGIN,
                        Refusal.Kind.ARGUMENTS,
                        "header " + Quote.of(name) + " has characters a header value may not have");
            }
            headers.put(canonical(name), entry.getValue());
        }
        return headers;
    }

    private static String canonical(String lower) {
        var sb = new StringBuilder(lower.length());
        boolean upper = true;
        for (char c : lower.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return sb.toString();
    }

    private ToolOutput output(Destination destination, HttpResponse response) {
        var text = decode(response);
        var shown = new LinkedHashMap<String, Object>();
        for (var name : SHOWN_HEADERS) {
            response.header(name).ifPresent(v -> shown.put(name, v));
        }
        var sb = new StringBuilder("HTTP ").append(response.status()).append('\n');
        shown.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        sb.append('\n').append(text);
        if (response.truncated()) {
            sb.append("\n[truncated at ").append(config.maxResponseBytes()).append(" bytes]");
        }
        var structured = new LinkedHashMap<String, Object>();
        structured.put("status", response.status());
        structured.put("url", destination.uri().toString());
        structured.put("headers", Map.copyOf(shown));
        structured.put("bytes", response.body().length);
        structured.put("truncated", response.truncated());
        return new ToolOutput(List.of(new ToolOutput.Content.Text(sb.toString())), Optional.of(structured), false);
    }

    private static String decode(HttpResponse response) {
        var charset =
                response.header("content-type").flatMap(HttpTools::charset).orElse(StandardCharsets.UTF_8);
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(response.body()))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(response.body(), StandardCharsets.UTF_8);
        }
    }

    private static Optional<Charset> charset(String contentType) {
        for (var part : contentType.split(";")) {
            var p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                var name = p.substring(8).replace("\"", "").trim();
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
