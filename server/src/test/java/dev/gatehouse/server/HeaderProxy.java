package dev.gatehouse.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small reverse proxy on loopback that adds {@code Authorization} to every request, so a client
 * that cannot send one (the MCP conformance suite) meets Gatehouse's real authentication. It
 * forwards method, headers and body, and streams the answer back as it comes (event streams too).
 * Host and Origin pass through as a reverse proxy keeps them, with this proxy's port put back to
 * the server's, so the server's DNS-rebinding checks see what the client sent (the test JVM allows
 * setting Host: {@code -Djdk.httpclient.allowRestrictedHeaders=host}, server/pom.xml).
 */
final class HeaderProxy implements AutoCloseable {

    /** Headers the JDK client sets itself or that describe one hop only. */
    private static final Set<String> HOP =
            Set.of("connection", "content-length", "transfer-encoding", "upgrade", "expect", "keep-alive", "te");

    private final Server jetty;
    private final int port;
    private final String targetPort;

    HeaderProxy(String target, String authorization) throws Exception {
        this.targetPort = ":" + URI.create(target).getPort();
        var client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        jetty = new Server();
        var connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        var context = new ServletContextHandler("/");
        context.addServlet(
                new ServletHolder(new HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                        var uri = URI.create(target
                                + req.getRequestURI()
                                + (req.getQueryString() == null ? "" : "?" + req.getQueryString()));
                        var body = req.getInputStream().readAllBytes();
                        var forward = HttpRequest.newBuilder(uri)
                                .method(
                                        req.getMethod(),
                                        body.length == 0
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofByteArray(body));
                        var names = req.getHeaderNames();
                        while (names.hasMoreElements()) {
                            var name = names.nextElement();
                            if (HOP.contains(name.toLowerCase(Locale.ROOT)) || name.equalsIgnoreCase("authorization")) {
                                continue;
                            }
                            var values = req.getHeaders(name);
                            while (values.hasMoreElements()) {
                                var value = values.nextElement();
                                if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("origin")) {
                                    value = value.replace(":" + port, targetPort);
                                }
                                forward.header(name, value);
                            }
                        }
                        forward.header("Authorization", authorization);
                        try {
                            var answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
                            res.setStatus(answer.statusCode());
                            answer.headers().map().forEach((name, values) -> {
                                if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                                    values.forEach(v -> res.addHeader(name, v));
                                }
                            });
                            try (var in = answer.body();
                                    var out = res.getOutputStream()) {
                                var buffer = new byte[8192];
                                int n;
                                while ((n = in.read(buffer)) >= 0) {
                                    out.write(buffer, 0, n);
                                    out.flush();
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            res.setStatus(502);
                        }
                    }
                }),
                "/*");
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IOException("the proxy did not stop", e);
        }
    }
}
