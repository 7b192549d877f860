// A small MCP server over stdio for the process tier's tests: it reports what it can see from
// inside its sandbox. No dependencies: the machine's Node runs it as it is.
'use strict';
const fs = require('fs');
const readline = require('readline');

const PROBE = {
  name: 'probe',
  description: 'Reports what the server sees.',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
};
const CRASH = { name: 'crash', description: 'Exits without answering.', inputSchema: { type: 'object' } };
const EXTRA = { name: 'undeclared', description: 'Not in the manifest.', inputSchema: { type: 'object' } };

function reply(id, result) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const msg = JSON.parse(line);
  if (msg.id === undefined) return;
  switch (msg.method) {
    case 'initialize':
      return reply(msg.id, {
        protocolVersion: msg.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: 'probe', version: '1.0.0' },
      });
    case 'tools/list':
      return reply(msg.id, { tools: [PROBE, CRASH, EXTRA] });
    case 'tools/call': {
      if (msg.params.name === 'crash') process.exit(3);
      process.stderr.write('probe called with token ' + (process.env.PROBE_TOKEN || 'none') + '\x1b[31m\n');
      const path = msg.params.arguments && msg.params.arguments.path;
      const seen = {
        uid: process.getuid(),
        cwd: process.cwd(),
        env: Object.keys(process.env).sort(),
        secret_length: (process.env.PROBE_TOKEN || '').length,
        path_visible: path ? fs.existsSync(path) : null,
      };
      return reply(msg.id, { content: [{ type: 'text', text: JSON.stringify(seen) }], structuredContent: seen });
    }
    default:
      return process.stdout.write(
        JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'no such method' } }) + '\n');
  }
});
