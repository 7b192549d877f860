// A minimal MCP server over stdio with one tool; the token comes from the environment Gatehouse grants.
'use strict';
const readline = require('readline');

const TOOL = {
  name: 'github_list_issues',
  description: 'List the open issues of a repository (owner/name), newest first.',
  inputSchema: {
    type: 'object',
    properties: { repo: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 50 } },
    required: ['repo'],
  },
};

const send = (msg) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');

async function listIssues({ repo, limit = 10 }) {
  const res = await fetch(`https://api.github.com/repos/${repo}/issues?state=open&per_page=${limit}`, {
    headers: { Authorization: `Bearer ${process.env.GITHUB_TOKEN}`, Accept: 'application/vnd.github+json' },
  });
  if (!res.ok) return { content: [{ type: 'text', text: `GitHub answered ${res.status}` }], isError: true };
  const issues = await res.json();
  const lines = issues.map((i) => `#${i.number} ${i.title}`);
  return { content: [{ type: 'text', text: lines.join('\n') || 'no open issues' }] };
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return send({ id: null, error: { code: -32700, message: 'parse error' } });
  }
  if (msg.id === undefined) return;
  if (msg.method === 'initialize') {
    return send({ id: msg.id, result: {
      protocolVersion: msg.params?.protocolVersion ?? '2025-06-18',
      capabilities: { tools: {} },
      serverInfo: { name: 'github-issues', version: '1.0.0' },
    } });
  }
  if (msg.method === 'tools/list') return send({ id: msg.id, result: { tools: [TOOL] } });
  if (msg.method === 'tools/call' && msg.params?.name === TOOL.name) {
    try {
      return send({ id: msg.id, result: await listIssues(msg.params.arguments ?? {}) });
    } catch (e) {
      return send({ id: msg.id, result: { content: [{ type: 'text', text: 'request failed' }], isError: true } });
    }
  }
  return send({ id: msg.id, error: { code: -32601, message: 'method not found' } });
});
