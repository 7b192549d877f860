package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.AuthenticationException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One RFC 7662 request: POST the token with HTTP Basic client authentication, bounded in time and
 * size. Every failure to get a usable answer is {@code UNAVAILABLE}: the token may be fine.
 */
final class IntrospectionClient {

    /** Bounds on one exchange with the authorization server. */
    record Limits(Duration connectTimeout, Duration totalTimeout, int maxResponseBytes) {
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String authorization;
    private final Limits limits;
    private final HttpClient http;

    IntrospectionClient(URI endpoint, String clientId, byte[] clientSecret, Limits limits) {
        this.endpoint = endpoint;
        // RFC 6749 section 2.3.1: both parts form-encoded before they are joined and base64-encoded.
        var credentials = form(clientId) + ":" + form(new String(clientSecret, StandardCharsets.UTF_8));
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.limits = limits;
        this.http = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    JsonNode introspect(String token) {
        var request = HttpRequest.newBuilder(endpoint)
                .timeout(limits.totalTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token"))
                .build();
        var handler =
                HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofByteArray(), limits.maxResponseBytes());
        var pending = http.sendAsync(request, handler);
        HttpResponse<byte[]> response;
        try {
            // The request timeout stops at the headers; this bounds the body too.
            response = pending.get(limits.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw unavailable("timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            throw unavailable("interrupted");
        } catch (ExecutionException e) {
            throw unavailable(
                    e.getCause() instanceof IOException io
                                    && io.getMessage() != null
                                    && io.getMessage().contains("exceeds")
                            ? "answered with more than " + limits.maxResponseBytes() + " bytes"
                            : "could not be reached (" + e.getCause().getClass().getSimpleName() + ")");
        }
        if (response.statusCode() != 200) {
            throw unavailable("answered HTTP " + response.statusCode());
        }
        try {
            var body = JSON.readTree(response.body());
            if (body == null || !body.isObject()) {
                throw unavailable("answered with something other than a JSON object");
            }
            return body;
        } catch (IOException e) {
            // JacksonException is an IOException; reading bytes in memory fails no other way.
            throw unavailable("answered with invalid JSON");
        }
    }

    private static AuthenticationException unavailable(String what) {
        return new AuthenticationException(Reason.UNAVAILABLE, "the introspection endpoint " + what);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
