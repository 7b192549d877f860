package dev.gatehouse.auth;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real RFC 7662 endpoint on 127.0.0.1: answers from a table of tokens, checks the client's
 * Basic credentials like a real server, counts requests, and can stall or flood on demand.
 */
final class IntrospectionServer implements AutoCloseable {

    enum Mode {
        NORMAL,
        STALL,
        HUGE
    }

    private final HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    IntrospectionServer(String expectedAuthorization) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/introspect", exchange -> {
            requests.incrementAndGet();
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            var form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String reply;
            int status = 200;
            if (mode.get() == Mode.STALL) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply = "{\"active\":false}";
            } else if (mode.get() == Mode.HUGE) {
                reply = "{\"active\":true,\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
            } else if (!expectedAuthorization.equals(lastAuthorization.get())) {
                status = 401;
                reply = "{\"error\":\"invalid_client\"}";
            } else {
                reply = answers.getOrDefault(token(form), "{\"active\":false}");
            }
            var bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    private static String token(String form) {
        for (var pair : form.split("&")) {
            if (pair.startsWith("token=")) {
                return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    IntrospectionServer answer(String token, String json) {
        answers.put(token, json);
        return this;
    }

    void mode(Mode m) {
        mode.set(m);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/introspect");
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
