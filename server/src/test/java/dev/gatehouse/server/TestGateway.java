package dev.gatehouse.server;

import dev.gatehouse.api.ErrorCode;
import dev.gatehouse.api.auth.AuthenticationException;
import dev.gatehouse.api.auth.Credentials;
import dev.gatehouse.api.gateway.Authenticated;
import dev.gatehouse.api.gateway.CallResult;
import dev.gatehouse.api.gateway.Gateway;
import dev.gatehouse.api.gateway.RequestContext;
import dev.gatehouse.api.gateway.ToolView;
import dev.gatehouse.api.tool.ToolOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small gateway for the server's tests: alice (an API key) may call an echo tool and one tool
 * per error code; bob (a bearer token) may call only his own tool. Every failure and exception it
 * produces carries {@link #CANARY}, which must never reach a client.
 */
final class TestGateway implements Gateway {

    static final String CANARY = "CANARY-7f3a9c51-do-not-leak";
    static final String ALICE_KEY = "ghk_alice_0123456789abcdef";
    static final String BOB_TOKEN = "bob.jwt.token";
    /** Another token proving bob, as after a refresh. */
    static final String BOB_REFRESHED = "bob.jwt.refreshed";

    private static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}";
    private static final String EMPTY_SCHEMA = "{\"type\":\"object\",\"properties\":{}}";

    private final boolean anonymous;
    /** One call as it reached this gateway. */
    record Call(String principalId, String tool, Map<String, Object> arguments, RequestContext context) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<Credentials> presented = new CopyOnWriteArrayList<>();
    /** Keys and tokens refused from now on as revoked. */
    final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** The {@code slow} tool counts this down on entry and waits for {@link #release}. */
    final CountDownLatch slowEntered = new CountDownLatch(1);

    final CountDownLatch release = new CountDownLatch(1);

    /** @param anonymous whether requests without credentials are admitted (as for the conformance suite) */
    TestGateway(boolean anonymous) {
        this.anonymous = anonymous;
    }

    /** A caller this gateway authenticated, as a host hands one out. */
    record Who(TestGateway gateway, String principalId) implements Authenticated {
        @Override
        public List<ToolView> listTools() {
            return gateway.listTools(principalId);
        }

        @Override
        public CallResult call(String tool, Map<String, Object> arguments, RequestContext context) {
            return gateway.call(new Call(principalId, tool, arguments, context));
        }
    }

    Authenticated alice() {
        return new Who(this, "key:alice");
    }

    @Override
    public Authenticated authenticate(Credentials credentials, RequestContext context) {
        presented.add(credentials);
        var secret =
                switch (credentials) {
                    case Credentials.ApiKey k -> k.key();
                    case Credentials.BearerToken t -> t.token();
                    case Credentials.None n -> "";
                };
        if (revoked.contains(secret)) {
            throw new AuthenticationException(AuthenticationException.Reason.REVOKED, CANARY);
        }
        return switch (credentials) {
            case Credentials.ApiKey k when k.key().equals(ALICE_KEY) -> alice();
            case Credentials.BearerToken t
            when t.token().equals(BOB_TOKEN) || t.token().equals(BOB_REFRESHED) -> new Who(this, "jwt:issuer#bob");
            case Credentials.None n when anonymous -> new Who(this, "anonymous");
            default -> throw new AuthenticationException(AuthenticationException.Reason.UNKNOWN_KEY, CANARY);
        };
    }

    List<ToolView> listTools(String principalId) {
        var tools = new ArrayList<ToolView>();
        switch (principalId) {
            case "key:alice" -> {
                tools.add(new ToolView("echo", "Echo the text back.", SCHEMA, "demo"));
                tools.add(new ToolView("explode", "A gateway that throws.", EMPTY_SCHEMA, "demo"));
                tools.add(new ToolView("slow", "Waits until the test releases it.", EMPTY_SCHEMA, "demo"));
                tools.add(
                        new ToolView("test_simple_text", "Simple text for the conformance suite.", EMPTY_SCHEMA, "c"));
                for (var code : ErrorCode.values()) {
                    if (code != ErrorCode.NOT_FOUND) {
                        tools.add(new ToolView(failName(code), "Fails with " + code, EMPTY_SCHEMA, "demo"));
                    }
                }
            }
            case "jwt:issuer#bob" -> tools.add(new ToolView("bob_only", "Bob's tool.", EMPTY_SCHEMA, "bob"));
            case "anonymous" -> {
                tools.add(
                        new ToolView("test_simple_text", "Simple text for the conformance suite.", EMPTY_SCHEMA, "c"));
                tools.add(new ToolView("echo", "Echo the text back.", SCHEMA, "demo"));
            }
            default -> {}
        }
        return tools;
    }

    static String failName(ErrorCode code) {
        return "fail_" + code.name().toLowerCase(Locale.ROOT);
    }

    CallResult call(Call request) {
        calls.add(request);
        var visible =
                listTools(request.principalId()).stream().anyMatch(t -> t.name().equals(request.tool()));
        if (!visible) {
            return new CallResult.Failure(ErrorCode.NOT_FOUND, CANARY, Optional.empty());
        }
        if (request.tool().equals("explode")) {
            throw new IllegalStateException("boom " + CANARY);
        }
        if (request.tool().equals("slow")) {
            slowEntered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CallResult.Success(ToolOutput.text("slow done"));
        }
        if (request.tool().equals("echo")) {
            return new CallResult.Success(
                    ToolOutput.text(String.valueOf(request.arguments().get("text"))));
        }
        if (request.tool().equals("test_simple_text")) {
            return new CallResult.Success(ToolOutput.text("This is a simple text response for testing."));
        }
        if (request.tool().equals("bob_only")) {
            return new CallResult.Success(ToolOutput.text("hello bob"));
        }
        var code = ErrorCode.valueOf(request.tool().substring(5).toUpperCase(Locale.ROOT));
        var retry = code == ErrorCode.RATE_LIMITED ? Optional.of(Duration.ofMillis(2500)) : Optional.<Duration>empty();
        return new CallResult.Failure(code, "detail " + CANARY, retry);
    }

    @Override
    public ResourceMetadata resourceMetadata() {
        return new ResourceMetadata(List.of("https://auth.example.org"), List.of("demo:read", "bob:read"));
    }
}
