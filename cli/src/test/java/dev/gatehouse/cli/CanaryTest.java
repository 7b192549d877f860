package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants canary secrets everywhere Gatehouse holds one (another principal's API key, the JWT
 * HMAC secret, the introspection client secret), attacks with them and around them, and scans
 * every response body and header a client receives: no canary may appear.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CanaryTest {

    static final String HMAC_CANARY = "CANARY-HMAC-" + "h".repeat(40);
    static final String CLIENT_SECRET_CANARY = "CANARY-CLIENT-SECRET-5b1e";
    static final String TOKEN_CANARY = "CANARY-TOKEN-9d2c";
    /** The caller's own input: a tool may quote it back to the same caller, so it is not scanned for. */
    static final String CALLER_INPUT = "callers-own-text";

    @TempDir
    Path tmp;

    final List<String> seen = new ArrayList<>();

    @Test
    void noPlantedSecretReachesAnyClientVisibleOutput() throws Exception {
        var introspection = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        introspection.createContext("/introspect", exchange -> {
            var body = "{\"active\":false}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        introspection.start();
        try {
            var hmac = secretFile("hmac.secret", HMAC_CANARY);
            var clientSecret = secretFile("client.secret", CLIENT_SECRET_CANARY);
            var config = ServeEndToEndTest.CONFIG
                    + """
                    auth:
                      jwt:
                        issuer: https://issuer.test
                        audience: gatehouse
                        hs256_secret_file: %s
                      introspection:
                        endpoint: http://127.0.0.1:%d/introspect
                        client_id: gatehouse
                        client_secret_file: %s
                    """.formatted(hmac, introspection.getAddress().getPort(), clientSecret);
            try (var serve = ServeProcess.start(tmp.resolve("home"), config)) {
                var adminKey = serve.adminKey();
                var reader = new CliRun(serve.home).run("keys", "create", "--name", "reader", "--scopes", "files:read");
                var readerKey = reader.out().strip();
                attack(serve.baseUrl, adminKey, readerKey);

                assertThat(seen).isNotEmpty();
                for (var canary :
                        List.of(HMAC_CANARY, CLIENT_SECRET_CANARY, TOKEN_CANARY, adminKey, adminKey.substring(21))) {
                    assertThat(seen).noneSatisfy(text -> assertThat(text).contains(canary));
                }
                // The server's own output: the admin key is printed once on purpose, nothing else is.
                for (var canary : List.of(HMAC_CANARY, CLIENT_SECRET_CANARY, TOKEN_CANARY, readerKey)) {
                    assertThat(serve.allOutput())
                            .noneSatisfy(text -> assertThat(text).contains(canary));
                }
                // The audit log names what callers asked for (an unknown tool's name included), never a credential.
                assertThat(AuditText.raw(serve.home))
                        .doesNotContain(HMAC_CANARY, CLIENT_SECRET_CANARY, readerKey, adminKey, adminKey.substring(21));
            }
        } finally {
            introspection.stop(0);
        }
    }

    private Path secretFile(String name, String content) throws Exception {
        var file = tmp.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private void attack(String base, String adminKey, String readerKey) throws Exception {
        var http = HttpClient.newHttpClient();
        var mcp = URI.create(base + "/mcp");
        // Tokens that carry or imitate secrets.
        var forgedJwt = jwt(
                "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"iss\":\"https://issuer.test\",\"aud\":\"gatehouse\"," + "\"sub\":\"" + TOKEN_CANARY
                        + "\",\"exp\":4102444800}");
        var noneJwt = jwt("{\"alg\":\"none\"}", "{\"sub\":\"" + TOKEN_CANARY + "\"}");
        for (var token : List.of(
                TOKEN_CANARY,
                forgedJwt,
                noneJwt,
                HMAC_CANARY,
                CLIENT_SECRET_CANARY,
                adminKey.substring(0, adminKey.length() - 2) + "xx",
                "ghk_" + TOKEN_CANARY)) {
            post(http, mcp, token, initialize());
        }
        // A valid reader session: calls that fail in every way the pipeline has.
        var session = post(http, mcp, readerKey, initialize())
                .headers()
                .firstValue("Mcp-Session-Id")
                .orElseThrow();
        for (var body : List.of(
                call("files_write", "{\"path\":\"x\",\"content\":\"" + CALLER_INPUT + "\"}"),
                call("files_read", "{\"path\":\"" + CALLER_INPUT + "\",\"extra\":\"" + TOKEN_CANARY + "\"}"),
                call(TOKEN_CANARY, "{}"),
                call("files_read", "{\"path\":\"../../" + CALLER_INPUT + "\"}"),
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"" + TOKEN_CANARY + "\"}",
                "{not json " + TOKEN_CANARY)) {
            send(http, mcp, readerKey, session, body);
        }
        // Another principal's session id, and the admin's own listing.
        var adminSession = post(http, mcp, adminKey, initialize())
                .headers()
                .firstValue("Mcp-Session-Id")
                .orElseThrow();
        send(http, mcp, readerKey, adminSession, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
        for (var path : List.of("/.well-known/oauth-protected-resource", "/healthz", "/metrics", "/nope")) {
            record(http.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"canary\",\"version\":\"1\"}}}";
    }

    private static String call(String tool, String args) {
        return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + args + "}}";
    }

    private static String jwt(String header, String payload) {
        var enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + enc.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private HttpResponse<String> post(HttpClient http, URI mcp, String token, String body) throws Exception {
        return send(http, mcp, token, null, body);
    }

    private HttpResponse<String> send(HttpClient http, URI mcp, String token, String session, String body)
            throws Exception {
        var request = HttpRequest.newBuilder(mcp)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return record(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> record(HttpResponse<String> response) {
        seen.add(response.body());
        seen.add(response.headers().map().toString());
        return response;
    }
}
