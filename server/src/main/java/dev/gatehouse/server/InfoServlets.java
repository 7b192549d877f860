package dev.gatehouse.server;

import dev.gatehouse.api.gateway.Gateway;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;

/** The small read-only routes: health, metrics, protected-resource metadata, and not-found. */
final class InfoServlets {

    private InfoServlets() {}

    static final class Health extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Responses.json(resp, 200, Responses.status("ok"));
        }
    }

    static final class Metrics extends HttpServlet {
        private final transient PrometheusMeterRegistry registry;
        private final boolean requireLoopback;

        Metrics(PrometheusMeterRegistry registry, boolean requireLoopback) {
            this.registry = registry;
            this.requireLoopback = requireLoopback;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (requireLoopback && !loopback(req.getRemoteAddr())) {
                Responses.generic(resp, 403);
                return;
            }
            var body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            resp.setStatus(200);
            resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }

        private static boolean loopback(String address) {
            try {
                // A literal from the connection, never a name: no lookup happens.
                return InetAddress.ofLiteral(address).isLoopbackAddress();
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** RFC 9728 metadata: which resource this is and where its bearer tokens come from. */
    static final class ProtectedResource extends HttpServlet {
        private final transient Gateway gateway;
        private final String resource;

        ProtectedResource(Gateway gateway, String resource) {
            this.gateway = gateway;
            this.resource = resource;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            var metadata = gateway.resourceMetadata();
            var body = new LinkedHashMap<String, Object>();
            body.put("resource", resource);
            body.put("authorization_servers", metadata.authorizationServers());
            body.put("scopes_supported", metadata.scopesSupported());
            body.put("bearer_methods_supported", List.of("header"));
            resp.setHeader("Cache-Control", "max-age=300");
            Responses.json(resp, 200, body);
        }
    }

    static final class NotFound extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Responses.generic(resp, 404);
        }
    }
}
