package dev.gatehouse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The baseline: an MCP server made only of the official MCP Java SDK's Streamable HTTP servlet on
 * Jetty 12 (ee10), exposing the same no-op tool with no authentication, policy or audit. Jetty is
 * set up as Gatehouse sets it up (virtual threads for requests, loopback, ephemeral port) and the
 * SDK runs tool handlers on the request thread as Gatehouse does, so the difference measured is
 * what Gatehouse adds, not a different threading model.
 */
final class BareMcpServer implements AutoCloseable {

    private final Server jetty;
    private final McpSyncServer mcp;
    private final URI endpoint;

    private BareMcpServer(Server jetty, McpSyncServer mcp, URI endpoint) {
        this.jetty = jetty;
        this.mcp = mcp;
        this.endpoint = endpoint;
    }

    static BareMcpServer start() throws Exception {
        var json = new JacksonMcpJsonMapper(new ObjectMapper());
        var transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint("/mcp")
                .build();
        var tool = McpSchema.Tool.builder(NoopTool.TOOL, json, NoopTool.INPUT_SCHEMA)
                .description(NoopTool.DESCRIPTION)
                .build();
        var ok = McpSchema.CallToolResult.builder().addTextContent("ok").build();
        var mcp = McpServer.sync(transport)
                .serverInfo("bare-mcp-sdk", "1")
                .jsonMapper(json)
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(McpServerFeatures.SyncToolSpecification.builder()
                        .tool(tool)
                        .callHandler((exchange, request) -> ok)
                        .build())
                // Requests already run on virtual threads; offloading them again would only add a hop.
                .immediateExecution(true)
                .build();
        var threads = new QueuedThreadPool();
        threads.setName("bare-mcp-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var jetty = new Server(threads);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        var connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        var context = new ServletContextHandler("/");
        var servlet = new ServletHolder("mcp", transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        var endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
        return new BareMcpServer(jetty, mcp, endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        mcp.closeGracefully();
        try {
            jetty.stop();
        } catch (Exception e) {
            // The harness is finishing; a server that will not stop cleanly changes no figure.
        }
    }
}
