package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw HTTP at the real server: everything a hostile or confused client might send. */
class HostileHttpTest {

    static ServerFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture(false);
    }

    @AfterAll
    static void stopAndCheckNothingLeaked() {
        fixture.close();
        assertThat(RawHttp.SEEN).isNotEmpty().allSatisfy(body -> assertThat(body)
                .doesNotContain(TestGateway.CANARY)
                .doesNotContain(TestGateway.ALICE_KEY)
                .doesNotContain("dev.gatehouse")
                .doesNotContain("io.modelcontextprotocol")
                .doesNotContain("com.fasterxml")
                .doesNotContain("org.eclipse")
                .doesNotContain("Exception")
                .doesNotContainPattern("\\bat [a-z]+\\.[a-z]"));
    }

    static final String INIT = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",\
            "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    static RawHttp.Reply post(String token, String session, String body, Map<String, String> extra) throws IOException {
        return post(token, session, body.getBytes(StandardCharsets.UTF_8), extra);
    }

    static RawHttp.Reply post(String token, String session, byte[] body, Map<String, String> extra) throws IOException {
        return RawHttp.mcp(fixture.port(), token, session, body, extra);
    }

    static RawHttp.Reply post(String token, String session, String body) throws IOException {
        return post(token, session, body, Map.of());
    }

    static String initialize(String token) throws IOException {
        var reply = post(token, null, INIT.formatted("2025-11-25"));
        assertThat(reply.status()).isEqualTo(200);
        return reply.header(McpGate.SESSION_HEADER);
    }

    static String toolsList(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
    }

    static JsonNode json(RawHttp.Reply reply) throws IOException {
        var body = reply.body();
        if (body.startsWith("id:") || body.startsWith("event:")) {
            body = body.lines()
                    .filter(l -> l.startsWith("data:"))
                    .findFirst()
                    .orElseThrow()
                    .substring(5);
        }
        return Responses.JSON.readTree(body);
    }

    @Test
    void aRequestWithoutTokenGets401WithTheResourceMetadataChallenge() throws IOException {
        double before =
                fixture.metrics.get("gatehouse.http.unauthorized").counter().count();
        var reply = post(null, null, INIT.formatted("2025-11-25"));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate"))
                .isEqualTo("Bearer resource_metadata=\"" + fixture.base() + "/.well-known/oauth-protected-resource\"");
        assertThat(fixture.metrics.get("gatehouse.http.unauthorized").counter().count())
                .isGreaterThan(before);
    }

    @Test
    void aWrongTokenGets401WithInvalidTokenAndAGenericBody() throws IOException {
        for (var token : new String[] {"ghk_not_a_key", "some.other.jwt", "a b"}) {
            var reply = post(token, null, INIT.formatted("2025-11-25"));
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            // Refused before the body was read: the connection is not kept for another request.
            assertThat(reply.header("Connection")).isEqualTo("close");
            assertThat(reply.body()).doesNotContain(token);
        }
        var basic = post(null, null, INIT.formatted("2025-11-25"), Map.of("Authorization", "Basic YWxpY2U6cHc="));
        assertThat(basic.status()).isEqualTo(401);
    }

    @Test
    void apiKeysAndBearerTokensReachTheGatewayAsTheirKind() throws IOException {
        initialize(TestGateway.ALICE_KEY);
        initialize(TestGateway.BOB_TOKEN);
        assertThat(fixture.gateway.presented)
                .anySatisfy(c -> assertThat(c).isInstanceOf(dev.gatehouse.api.auth.Credentials.ApiKey.class))
                .anySatisfy(c -> assertThat(c).isInstanceOf(dev.gatehouse.api.auth.Credentials.BearerToken.class));
    }

    @Test
    void sessionIdsAreLongRandomAndVisibleAscii() throws IOException {
        var a = initialize(TestGateway.ALICE_KEY);
        var b = initialize(TestGateway.ALICE_KEY);
        assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
    }

    @Test
    void anotherPrincipalsSessionIdIsNotFound() throws IOException {
        var alices = initialize(TestGateway.ALICE_KEY);
        var asBob = post(TestGateway.BOB_TOKEN, alices, toolsList(2));
        assertThat(asBob.status()).isEqualTo(404);
        var stale = post(TestGateway.BOB_TOKEN, "A".repeat(43), toolsList(2));
        assertThat(asBob.body()).isEqualTo(stale.body());
        var asAlice = post(TestGateway.ALICE_KEY, alices, toolsList(2));
        assertThat(asAlice.status()).isEqualTo(200);
        assertThat(json(asAlice).path("result").path("tools").toString()).contains("echo");
    }

    @Test
    void unknownAndMalformedSessionIdsAreNotFound() throws IOException {
        assertThat(post(TestGateway.ALICE_KEY, "A".repeat(43), toolsList(3)).status())
                .isEqualTo(404);
        assertThat(post(TestGateway.ALICE_KEY, "../../etc", toolsList(3)).status())
                .isEqualTo(404);
    }

    @Test
    void deleteEndsTheSessionForGood() throws IOException {
        var session = initialize(TestGateway.ALICE_KEY);
        var headers = Map.of("Authorization", "Bearer " + TestGateway.ALICE_KEY, McpGate.SESSION_HEADER, session);
        var bobDelete = RawHttp.send(
                fixture.port(),
                "DELETE",
                "/mcp",
                Map.of("Authorization", "Bearer " + TestGateway.BOB_TOKEN, McpGate.SESSION_HEADER, session),
                null);
        assertThat(bobDelete.status()).isEqualTo(404);
        assertThat(RawHttp.send(fixture.port(), "DELETE", "/mcp", headers, null).status())
                .isEqualTo(200);
        assertThat(post(TestGateway.ALICE_KEY, session, toolsList(4)).status()).isEqualTo(404);
    }

    @Test
    void malformedJsonGetsAParseError() throws IOException {
        var reply = post(TestGateway.ALICE_KEY, null, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(json(reply).path("error").path("code").asInt()).isEqualTo(-32700);
    }

    @Test
    void invalidUtf8IsAParseErrorNotAMethodTheSdkWouldReadDifferently() throws IOException {
        var session = initialize(TestGateway.ALICE_KEY);
        // C0 AF is an overlong '/': a lenient parser reads "tools/list", the SDK reads U+FFFD twice.
        var overlong = new java.io.ByteArrayOutputStream();
        overlong.writeBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools".getBytes(StandardCharsets.US_ASCII));
        overlong.write(0xC0);
        overlong.write(0xAF);
        overlong.writeBytes("list\"}".getBytes(StandardCharsets.US_ASCII));
        var reply = post(TestGateway.ALICE_KEY, session, overlong.toByteArray(), Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(json(reply).path("error").path("code").asInt()).isEqualTo(-32700);
        // A lone surrogate encoded as UTF-8 (CESU style) and a truncated sequence too.
        var surrogate = new java.io.ByteArrayOutputStream();
        surrogate.writeBytes(
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\",\"x\":\"".getBytes(StandardCharsets.US_ASCII));
        surrogate.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        surrogate.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        assertThat(post(TestGateway.ALICE_KEY, session, surrogate.toByteArray(), Map.of())
                        .status())
                .isEqualTo(400);
        var truncated = new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'};
        assertThat(post(TestGateway.ALICE_KEY, session, truncated, Map.of()).status())
                .isEqualTo(400);
    }

    @Test
    void aBodyDeclaredInAnotherCharsetIs415() throws IOException {
        var session = initialize(TestGateway.ALICE_KEY);
        var reply = post(
                TestGateway.ALICE_KEY,
                session,
                toolsList(9),
                Map.of("Content-Type", "application/json; charset=iso-8859-1"));
        assertThat(reply.status()).isEqualTo(415);
        var utf8 = post(
                TestGateway.ALICE_KEY,
                session,
                toolsList(10),
                Map.of("Content-Type", "application/json; charset=UTF-8"));
        assertThat(utf8.status()).isEqualTo(200);
    }

    @Test
    void messagesThatAreNotJsonRpcGetInvalidRequest() throws IOException {
        var session = initialize(TestGateway.ALICE_KEY);
        for (var body : new String[] {
            "[" + toolsList(1) + "]",
            "42",
            "{\"id\":1,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":17}",
            "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[1]}"
        }) {
            var reply = post(TestGateway.ALICE_KEY, session, body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(json(reply).path("error").path("code").asInt()).as(body).isEqualTo(-32600);
        }
    }

    @Test
    void anInitializeWithBrokenParamsGetsInvalidParams() throws IOException {
        var reply = post(
                TestGateway.ALICE_KEY,
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":5}}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(json(reply).path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void bodiesOfBadTypeOrWrongShapeInsideTheProtocolGetCleanErrors() throws IOException {
        var session = initialize(TestGateway.ALICE_KEY);
        var badCall = post(
                TestGateway.ALICE_KEY,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":{\"x\":1}}}");
        assertThat(json(badCall).path("error").path("code").asInt()).isEqualTo(-32602);
        var unknownMethod = post(TestGateway.ALICE_KEY, session, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"x/y\"}");
        assertThat(json(unknownMethod).path("error").path("code").asInt()).isEqualTo(-32601);
        var unknownTool = post(
                TestGateway.ALICE_KEY,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}");
        assertThat(json(unknownTool).path("error").path("message").asText()).isEqualTo("NOT_FOUND: no such tool");
        var explode = post(
                TestGateway.ALICE_KEY,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"explode\"}}");
        assertThat(json(explode).path("error").path("message").asText()).isEqualTo("Internal error");
    }

    @Test
    void anOversizedBodyIs413WhetherDeclaredOrStreamed() throws IOException {
        var big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(5 * 1024 * 1024) + "\"}}";
        assertThat(post(TestGateway.ALICE_KEY, null, big).status()).isEqualTo(413);
        var reply = post(
                TestGateway.ALICE_KEY,
                null,
                RawHttp.chunked(big.getBytes(StandardCharsets.UTF_8), 1 << 16),
                Map.of("Transfer-Encoding", "chunked"));
        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void aBodyIsReadWholeWithOrWithoutADeclaredLengthAndMultiByteTextSurvives() throws IOException {
        var session = initialize(TestGateway.ALICE_KEY);
        var text = "naïve café 日本語 🙂 " + "ü".repeat(5000);
        var call = "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}}";
        var declared = post(TestGateway.ALICE_KEY, session, call);
        assertThat(json(declared).at("/result/content/0/text").asText()).isEqualTo(text);
        // 777-byte chunks split multi-byte characters across chunks.
        var streamed = post(
                TestGateway.ALICE_KEY,
                session,
                RawHttp.chunked(call.getBytes(StandardCharsets.UTF_8), 777),
                Map.of("Transfer-Encoding", "chunked"));
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(json(streamed).at("/result/content/0/text").asText()).isEqualTo(text);
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws IOException {
        for (var type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/jsonp"}) {
            var reply = post(TestGateway.ALICE_KEY, null, INIT.formatted("2025-11-25"), Map.of("Content-Type", type));
            assertThat(reply.status()).as(type).isEqualTo(415);
        }
    }

    @Test
    void aForeignOriginIsForbiddenAndOurOwnIsNot() throws IOException {
        var evil = post(
                TestGateway.ALICE_KEY, null, INIT.formatted("2025-11-25"), Map.of("Origin", "http://evil.example.com"));
        assertThat(evil.status()).isEqualTo(403);
        var nullOrigin = post(TestGateway.ALICE_KEY, null, INIT.formatted("2025-11-25"), Map.of("Origin", "null"));
        assertThat(nullOrigin.status()).isEqualTo(403);
        var own = post(
                TestGateway.ALICE_KEY,
                null,
                INIT.formatted("2025-11-25"),
                Map.of("Origin", "http://localhost:" + fixture.port()));
        assertThat(own.status()).isEqualTo(200);
    }

    @Test
    void aForeignHostIsForbiddenOnEveryRoute() throws IOException {
        for (var path : new String[] {"/mcp", "/healthz", "/.well-known/oauth-protected-resource"}) {
            var reply = RawHttp.send(
                    fixture.port(),
                    "GET",
                    path,
                    Map.of(
                            "Host",
                            "evil.example.com:" + fixture.port(),
                            "Authorization",
                            "Bearer " + TestGateway.ALICE_KEY),
                    null);
            assertThat(reply.status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void anUnsupportedVersionHeaderIs400AndAnUnknownVersionIsAnsweredWithOurs() throws IOException {
        var session = initialize(TestGateway.ALICE_KEY);
        var reply = post(TestGateway.ALICE_KEY, session, toolsList(9), Map.of("MCP-Protocol-Version", "1999-01-01"));
        assertThat(reply.status()).isEqualTo(400);
        var old = post(TestGateway.ALICE_KEY, null, INIT.formatted("2024-11-05"));
        assertThat(json(old).path("result").path("protocolVersion").asText()).isEqualTo("2025-11-25");
        var june = post(TestGateway.ALICE_KEY, null, INIT.formatted("2025-06-18"));
        assertThat(json(june).path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
    }

    @Test
    void healthMetricsAndResourceMetadataAnswer() throws IOException {
        var health = RawHttp.send(fixture.port(), "GET", "/healthz", Map.of(), null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(Responses.JSON.readTree(health.body()).path("status").asText())
                .isEqualTo("ok");
        var metadata = Responses.JSON.readTree(
                RawHttp.send(fixture.port(), "GET", "/.well-known/oauth-protected-resource/mcp", Map.of(), null)
                        .body());
        assertThat(metadata.path("resource").asText()).isEqualTo(fixture.base() + "/mcp");
        assertThat(metadata.path("authorization_servers").toString()).contains("https://auth.example.org");
        assertThat(metadata.path("scopes_supported").toString()).contains("demo:read");
        assertThat(metadata.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        initialize(TestGateway.ALICE_KEY);
        var metrics = RawHttp.send(fixture.port(), "GET", "/metrics", Map.of(), null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("gatehouse_http_requests_total{route=\"/mcp\",status=\"200\"}")
                .contains("gatehouse_mcp_sessions");
    }

    @Test
    void unknownRoutesAndMethodsGetGenericErrors() throws IOException {
        assertThat(RawHttp.send(fixture.port(), "GET", "/nope?token=secret", Map.of(), null)
                        .status())
                .isEqualTo(404);
        var put = RawHttp.send(
                fixture.port(), "PUT", "/mcp", Map.of("Authorization", "Bearer " + TestGateway.ALICE_KEY), new byte[0]);
        assertThat(put.status()).isEqualTo(405);
        var badRequestLine = RawHttp.send(fixture.port(), "GET", "/%zz", Map.of(), null);
        assertThat(badRequestLine.status()).isEqualTo(400);
    }

    @Test
    void traceIsRefusedEverywhereAndNeverEchoesTheAuthorizationHeader() throws IOException {
        for (var path : new String[] {"/healthz", "/metrics", "/mcp", "/.well-known/oauth-protected-resource", "/"}) {
            var trace = RawHttp.send(
                    fixture.port(), "TRACE", path, Map.of("Authorization", "Bearer " + TestGateway.ALICE_KEY), null);
            assertThat(trace.status()).as(path).isEqualTo(405);
            assertThat(trace.body()).doesNotContain(TestGateway.ALICE_KEY).doesNotContain("Authorization");
        }
    }
}
