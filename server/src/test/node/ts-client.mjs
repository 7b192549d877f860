// Drives the server with the official TypeScript SDK client and prints what it saw as one JSON line.
// Usage: node ts-client.mjs <mcp-url> <bearer-token>
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, token] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const client = new Client({ name: "gatehouse-ts-test", version: "1.0.0" });
const out = {};
await client.connect(transport);
out.protocolVersion = transport.protocolVersion ?? null;
out.sessionId = transport.sessionId ?? null;
out.server = client.getServerVersion();
await client.ping();
out.tools = (await client.listTools()).tools.map((t) => t.name);
out.echo = await client.callTool({ name: "echo", arguments: { text: "from typescript" } });
out.failure = await client.callTool({ name: "fail_timeout", arguments: {} });
try {
  await client.callTool({ name: "no_such_tool", arguments: {} });
  out.unknown = "no error";
} catch (e) {
  out.unknown = { code: e.code, message: e.message };
}
await transport.terminateSession();
await client.close();
console.log(JSON.stringify(out));
