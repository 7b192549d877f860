// A minimal MCP server over stdio (JSON-RPC 2.0, one message per line) with one tool.
'use strict';
const readline = require('readline');

const TOOL = {
  name: 'text_stats',
  description: 'Count the words, lines and characters of a text.',
  inputSchema: {
    type: 'object',
    properties: { text: { type: 'string', maxLength: 100000 } },
    required: ['text'],
  },
};

function stats(text) {
  const words = text.trim() === '' ? 0 : text.trim().split(/\s+/).length;
  const lines = text === '' ? 0 : text.split('\n').length;
  return { words, lines, characters: [...text].length };
}

function reply(id, result) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');
}

function fail(id, code, message) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }) + '\n');
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return fail(null, -32700, 'parse error');
  }
  if (msg.id === undefined) return; // a notification
  switch (msg.method) {
    case 'initialize':
      return reply(msg.id, {
        protocolVersion: msg.params?.protocolVersion ?? '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'textkit', version: '1.0.0' },
      });
    case 'ping':
      return reply(msg.id, {});
    case 'tools/list':
      return reply(msg.id, { tools: [TOOL] });
    case 'tools/call': {
      const text = msg.params?.arguments?.text;
      if (msg.params?.name !== TOOL.name || typeof text !== 'string') {
        return fail(msg.id, -32602, 'invalid params');
      }
      const s = stats(text);
      return reply(msg.id, {
        content: [{ type: 'text', text: `${s.words} words, ${s.lines} lines, ${s.characters} characters` }],
        structuredContent: s,
      });
    }
    default:
      return fail(msg.id, -32601, 'method not found');
  }
});
