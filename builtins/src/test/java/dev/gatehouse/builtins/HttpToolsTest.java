package dev.gatehouse.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.audit.AuditSink;
import dev.gatehouse.api.manifest.Capabilities.NetRule;
import dev.gatehouse.api.tool.ToolOutput;
import dev.gatehouse.sandbox.egress.HostResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpToolsTest {

    static final int CAP = 1000;

    HttpServer server;
    int port;
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    final AtomicInteger loopHits = new AtomicInteger();
    final List<InetSocketAddress> connected = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    AuditSink audit = audited::add;

    /** Names the tests point anywhere; nothing here is ever looked up in real DNS. */
    final Map<String, List<String>> names = Map.of(
            "api.test", List.of("127.0.0.1"),
            "evil.test", List.of("127.0.0.1"),
            "private.test", List.of("10.0.0.1"),
            "cgnat.test", List.of("100.64.1.1"),
            "meta.test", List.of("169.254.169.254"),
            "v6.test", List.of("::1"),
            "ula.test", List.of("fd00:ec2::254"),
            "mapped.test", List.of("::ffff:127.0.0.1"),
            "mixed.test", List.of("93.184.216.34", "127.0.0.1"));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        port = server.getAddress().getPort();
        server.createContext("/hello", ex -> {
            hostHeaders.add(ex.getRequestHeaders().getFirst("Host"));
            ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), String.join(",", v)));
            respond(ex, 200, "text/plain; charset=utf-8", "hello from loopback");
        });
        server.createContext("/echo", ex -> {
            var body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            respond(
                    ex,
                    201,
                    "text/plain",
                    ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
        });
        server.createContext("/method", ex -> respond(ex, 200, "text/plain", ex.getRequestMethod()));
        server.createContext("/see-other", ex -> redirect(ex, 303, "/method"));
        server.createContext("/redirect-ok", ex -> redirect(ex, 302, "/hello"));
        server.createContext("/redirect-out", ex -> redirect(ex, 302, "http://unlisted.test:" + port + "/hello"));
        server.createContext("/redirect-evil", ex -> redirect(ex, 302, "http://evil.test:" + port + "/hello"));
        server.createContext("/redirect-meta", ex -> redirect(ex, 301, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/loop", ex -> {
            loopHits.incrementAndGet();
            redirect(ex, 302, "/loop");
        });
        server.createContext("/big", ex -> respond(ex, 200, "text/plain", "a".repeat(10 * CAP)));
        server.createContext("/big-chunked", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write("b".repeat(100).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // The client stops reading at its cap and closes; that is the point.
            }
        });
        server.createContext("/slow", ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "text/plain", "too late");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        // Whatever a test did, nothing outside 127.0.0.0/8 was ever dialled.
        assertThat(connected)
                .allSatisfy(a -> assertThat(a.getAddress().getAddress()[0]).isEqualTo((byte) 127));
    }

    static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Set-Cookie", "session=SERVER-SECRET");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    BuiltinsConfig.Http config(Duration timeout) {
        var hosts = List.of(
                rule("127.0.0.1:" + port),
                rule("api.test:" + port),
                rule("evil.test"),
                rule("private.test"),
                rule("cgnat.test"),
                rule("meta.test"),
                rule("v6.test"),
                rule("ula.test"),
                rule("mapped.test"),
                rule("mixed.test"),
                rule("metadata.google.internal"),
                rule("169.254.169.254"),
                rule("gone.test"));
        var allowPrivate = List.of(rule("127.0.0.1:" + port), rule("api.test:" + port));
        return new BuiltinsConfig.Http(hosts, allowPrivate, CAP, CAP, timeout);
    }

    static NetRule rule(String text) {
        return ((dev.gatehouse.config.NetRuleSyntax.Valid) dev.gatehouse.config.NetRuleSyntax.parse(text)).rule();
    }

    HttpTools tools(BuiltinsConfig.Http config) throws Exception {
        HostResolver resolver = host -> {
            lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            var addresses = names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            var result = new java.util.ArrayList<InetAddress>();
            for (var a : addresses) {
                result.add(InetAddress.ofLiteral(a));
            }
            return result;
        };
        SocketOpener guarded = (address, timeout) -> {
            connected.add(address);
            if (!address.getAddress().isLoopbackAddress()
                    || address.getAddress().getAddress().length != 4) {
                throw new AssertionError("a test tried to connect to " + address);
            }
            return SocketOpener.plain().open(address, timeout);
        };
        return new HttpTools(config, Clock.systemUTC(), resolver, guarded, SSLContext.getDefault(), audit);
    }

    ToolOutput get(HttpTools tools, String url, Map<String, Object> extra) throws IOException {
        var args = new HashMap<String, Object>(extra);
        args.put("url", url);
        var grant = Grants.http(
                HttpTools.GET,
                config(Duration.ofSeconds(5)).hosts(),
                Instant.now().plusSeconds(60));
        return tools.call(HttpTools.GET, args, grant);
    }

    ToolOutput get(String url) throws Exception {
        return get(tools(config(Duration.ofSeconds(5))), url, Map.of());
    }

    static String text(ToolOutput out) {
        return ((ToolOutput.Content.Text) out.content().getFirst()).text();
    }

    static void assertRefused(ToolOutput out, String expected) {
        assertThat(out.isError()).as(text(out)).isTrue();
        assertThat(text(out)).contains(expected);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void getsFromAnAllowedLoopbackServer() throws Exception {
        var out = get(url("/hello"));
        assertThat(out.isError()).as(text(out)).isFalse();
        assertThat(text(out)).startsWith("HTTP 200\n").endsWith("\n\nhello from loopback");
        assertThat(text(out))
                .contains("content-type: text/plain; charset=utf-8")
                .doesNotContain("SERVER-SECRET");
        assertThat(out.structured().orElseThrow()).containsEntry("status", 200).containsEntry("truncated", false);
        assertThat(lastHeaders)
                .containsEntry("user-agent", WireExchange.USER_AGENT)
                .doesNotContainKey("authorization");
    }

    @Test
    void postsABodyWithItsContentType() throws Exception {
        var grant = Grants.http(
                HttpTools.POST,
                config(Duration.ofSeconds(5)).hosts(),
                Instant.now().plusSeconds(60));
        var out = tools(config(Duration.ofSeconds(5)))
                .call(
                        HttpTools.POST,
                        Map.of(
                                "url", url("/echo"),
                                "body", "{\"q\":1}",
                                "headers", Map.of("content-type", "application/json")),
                        grant);
        assertThat(text(out)).startsWith("HTTP 201").endsWith("POST application/json {\"q\":1}");
    }

    @Test
    void aNameIsResolvedOnceAndItsCheckedAddressIsDialledWithTheNameAsHost() throws Exception {
        var out = get("http://api.test:" + port + "/hello");
        assertThat(text(out)).endsWith("hello from loopback");
        assertThat(hostHeaders).containsExactly("api.test:" + port);
        assertThat(lookups.get("api.test").get()).isEqualTo(1);
    }

    @Test
    void aHostNotConfiguredIsRefusedBeforeAnyLookup() throws Exception {
        var tools = tools(config(Duration.ofSeconds(5)));
        assertRefused(get(tools, "http://example.com/", Map.of()), "'example.com:80' is not among the hosts");
        assertRefused(get(tools, "http://127.0.0.1:" + (port + 1) + "/", Map.of()), "is not among the hosts");
        assertRefused(get(tools, "http://localhost:" + port + "/", Map.of()), "is not among the hosts");
        assertThat(lookups).isEmpty();
        assertThat(connected).isEmpty();
    }

    @Test
    void namesResolvingToInternalAddressesAreRefused() throws Exception {
        var tools = tools(config(Duration.ofSeconds(5)));
        assertRefused(get(tools, "http://evil.test:" + port + "/hello", Map.of()), "resolves to a loopback address");
        assertRefused(get(tools, "http://private.test/", Map.of()), "resolves to a private address");
        assertRefused(get(tools, "http://cgnat.test/", Map.of()), "carrier-grade NAT");
        assertRefused(get(tools, "http://meta.test/", Map.of()), "resolves to a metadata address");
        assertRefused(get(tools, "http://v6.test/", Map.of()), "resolves to a loopback address");
        assertRefused(get(tools, "http://ula.test/", Map.of()), "resolves to a metadata address");
        assertRefused(get(tools, "http://mapped.test/", Map.of()), "resolves to a loopback address");
        assertRefused(get(tools, "http://mixed.test/", Map.of()), "resolves to a loopback address");
        assertRefused(get(tools, "http://169.254.169.254/latest/meta-data/", Map.of()), "metadata address");
        assertRefused(get(tools, "http://metadata.google.internal/", Map.of()), "is a metadata service");
        assertThat(connected).isEmpty();
        assertThat(hostHeaders).isEmpty();
    }

    @Test
    void theGrantMustAlsoAllowTheHost() throws Exception {
        var grant = Grants.http(
                HttpTools.GET, List.of(rule("api.test")), Instant.now().plusSeconds(60));
        var out = tools(config(Duration.ofSeconds(5))).call(HttpTools.GET, Map.of("url", url("/hello")), grant);
        assertRefused(out, "not among the hosts this plugin was granted");
        assertThat(connected).isEmpty();
    }

    @Test
    void withNoHostsConfiguredEveryCallIsRefused() throws Exception {
        var none = tools(BuiltinsConfig.Http.defaults());
        assertRefused(get(none, url("/hello"), Map.of()), "no hosts are configured");
        assertThat(connected).isEmpty();
    }

    @Test
    void redirectsAreFollowedOnlyToAllowedDestinations() throws Exception {
        assertThat(text(get(url("/redirect-ok")))).endsWith("hello from loopback");
        assertRefused(get(url("/redirect-out")), "'unlisted.test:" + port + "' is not among the hosts");
        assertRefused(get(url("/redirect-evil")), "'evil.test:" + port + "' resolves to a loopback address");
        assertRefused(get(url("/redirect-meta")), "metadata address");
        assertThat(hostHeaders).containsExactly("127.0.0.1:" + port);
    }

    @Test
    void aRedirectLoopStopsAfterFiveHops() throws Exception {
        assertRefused(get(url("/loop")), "stopped after 5 redirects");
        assertThat(loopHits.get()).isEqualTo(6);
    }

    @Test
    void aSeeOtherAfterPostBecomesAGet() throws Exception {
        var grant = Grants.http(
                HttpTools.POST,
                config(Duration.ofSeconds(5)).hosts(),
                Instant.now().plusSeconds(60));
        var out = tools(config(Duration.ofSeconds(5)))
                .call(HttpTools.POST, Map.of("url", url("/see-other"), "body", "x"), grant);
        assertThat(text(out)).endsWith("\n\nGET");
    }

    @Test
    void responsesAreCutAtTheCap() throws Exception {
        for (var path : List.of("/big", "/big-chunked")) {
            var out = get(url(path));
            assertThat(out.isError()).isFalse();
            assertThat(out.structured().orElseThrow())
                    .containsEntry("truncated", true)
                    .containsEntry("bytes", CAP);
            assertThat(text(out)).endsWith("[truncated at " + CAP + " bytes]");
        }
    }

    @Test
    void aSlowServerHitsTheTimeCap() throws Exception {
        var tools = tools(config(Duration.ofMillis(300)));
        var out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> get(tools, url("/slow"), Map.of()));
        assertRefused(out, "timed out");
    }

    @Test
    void theGrantDeadlineBoundsTheCallToo() throws Exception {
        var grant = Grants.http(
                HttpTools.GET,
                config(Duration.ofSeconds(5)).hosts(),
                Instant.now().plusMillis(300));
        var tools = tools(config(Duration.ofMinutes(1)));
        var out = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> tools.call(HttpTools.GET, Map.of("url", url("/slow")), grant));
        assertRefused(out, "timed out");
    }

    @Test
    void onlyHarmlessHeadersMayBeSet() throws Exception {
        var tools = tools(config(Duration.ofSeconds(5)));
        for (var name :
                List.of("Host", "Authorization", "Cookie", "Transfer-Encoding", "Content-Length", "X-Forwarded-For")) {
            assertRefused(get(tools, url("/hello"), Map.of("headers", Map.of(name, "x"))), "may not be set");
        }
        assertRefused(
                get(tools, url("/hello"), Map.of("headers", Map.of("Accept", "text/plain\r\nHost: evil.test"))),
                "characters a header value may not have");
        assertThat(connected).isEmpty();
        var ok = get(tools, url("/hello"), Map.of("headers", Map.of("accept", "text/plain", "User-Agent", "agent/2")));
        assertThat(ok.isError()).isFalse();
        assertThat(lastHeaders).containsEntry("accept", "text/plain").containsEntry("user-agent", "agent/2");
    }

    @Test
    void aBodyOverTheRequestCapIsRefused() throws Exception {
        var grant = Grants.http(
                HttpTools.POST,
                config(Duration.ofSeconds(5)).hosts(),
                Instant.now().plusSeconds(60));
        var out = tools(config(Duration.ofSeconds(5)))
                .call(HttpTools.POST, Map.of("url", url("/echo"), "body", "x".repeat(CAP + 1)), grant);
        assertRefused(out, "over the request cap");
        assertThat(connected).isEmpty();
    }

    @Test
    void urlsThatAreNotPlainHttpAreRefused() throws Exception {
        var tools = tools(config(Duration.ofSeconds(5)));
        assertRefused(get(tools, "file:///etc/passwd", Map.of()), "only http and https");
        assertRefused(get(tools, "http://user:pw@api.test:" + port + "/", Map.of()), "user name or password");
        assertRefused(get(tools, "http://2130706433/", Map.of()), "no host this tool can use");
        assertRefused(get(tools, "gopher://api.test/", Map.of()), "only http and https");
        assertThat(connected).isEmpty();
    }

    /** The egress events recorded so far, as {@code type reason-or-rule host:port}. */
    List<String> egress() {
        return audited.stream()
                .map(e -> e.type() + " "
                        + e.fields().getOrDefault("reason", e.fields().get("rule")) + " "
                        + e.fields().get("host") + ":" + e.fields().get("port"))
                .toList();
    }

    @Test
    void anAllowedRequestIsAuditedWithTheCallerTheRuleAndTheDialledAddresses() throws Exception {
        var out = get("http://api.test:" + port + "/hello");
        assertThat(out.isError()).as(text(out)).isFalse();
        assertThat(audited).hasSize(1);
        var event = audited.getFirst();
        assertThat(event.type()).isEqualTo("egress.allowed");
        assertThat(event.principal()).isEqualTo("user:test");
        assertThat(event.fields())
                .containsEntry("plugin", "http")
                .containsEntry("tool", HttpTools.GET)
                .containsEntry("host", "api.test")
                .containsEntry("port", port)
                .containsEntry("rule", "api.test:" + port)
                .containsEntry("addresses", List.of("127.0.0.1"))
                .containsEntry("allow_private", true);
    }

    @Test
    void everyRefusedDestinationIsAuditedWithItsReason() throws Exception {
        var tools = tools(config(Duration.ofSeconds(5)));
        get(tools, "http://example.com/", Map.of());
        get(tools, "http://evil.test:" + port + "/", Map.of());
        get(tools, "http://metadata.google.internal/", Map.of());
        get(tools, "http://gone.test/", Map.of());
        var narrow = Grants.http(
                HttpTools.GET, List.of(rule("api.test")), Instant.now().plusSeconds(60));
        tools.call(HttpTools.GET, Map.of("url", url("/hello")), narrow);
        get(tools(BuiltinsConfig.Http.defaults()), url("/hello"), Map.of());
        assertThat(egress())
                .containsExactly(
                        "egress.denied not_configured example.com:80",
                        "egress.denied internal_address evil.test:" + port,
                        "egress.denied metadata metadata.google.internal:80",
                        "egress.denied unresolved gone.test:80",
                        "egress.denied not_granted 127.0.0.1:" + port,
                        "egress.denied not_configured 127.0.0.1:" + port);
        assertThat(audited).allSatisfy(e -> assertThat(e.principal()).isEqualTo("user:test"));
        assertThat(connected).isEmpty();
    }

    @Test
    void eachRedirectHopIsItsOwnEgressDecision() throws Exception {
        assertRefused(get(url("/redirect-out")), "is not among the hosts");
        assertThat(egress())
                .containsExactly(
                        "egress.allowed 127.0.0.1:" + port + " 127.0.0.1:" + port,
                        "egress.denied not_configured unlisted.test:" + port);
    }

    @Test
    void aRequestWhoseEgressCannotBeRecordedIsNeverSent() throws Exception {
        audit = event -> {
            throw new IllegalStateException("audit log unavailable");
        };
        var tools = tools(config(Duration.ofSeconds(5)));
        assertThatThrownBy(() -> get(tools, url("/hello"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("audit log unavailable");
        assertThat(connected).isEmpty();
        assertThat(hostHeaders).isEmpty();
    }
}
