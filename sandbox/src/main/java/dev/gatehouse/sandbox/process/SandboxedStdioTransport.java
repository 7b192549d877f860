package dev.gatehouse.sandbox.process;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * The MCP SDK's stdio client transport, with one change: the child starts from an empty
 * environment, so nothing of Gatehouse's own (a master key in {@code GATEHOUSE_MASTER_KEY}, say)
 * can reach the plugin. The SDK adds the server parameters' env, which is all the plugin gets.
 */
final class SandboxedStdioTransport extends StdioClientTransport {

    /** Bounds one message from the plugin: a line longer than this ends the connection. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    SandboxedStdioTransport(ServerParameters params, McpJsonMapper json) {
        super(params, json, MAX_MESSAGE_BYTES);
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
        var builder = new ProcessBuilder();
        builder.environment().clear();
        return builder;
    }
}
