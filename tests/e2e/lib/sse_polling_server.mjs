// An MCP server (SDK 1.x, streamable HTTP with an event store) whose `test_reconnection` tool
// closes its response stream right after the priming event and answers while the client is away
// (SEP-1699, the conformance suite's server-sse-polling scenario); `echo` answers at once.
// Loopback only:  node sse_polling_server.mjs  → prints {"port": N} on stdout.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const transports = new Map();

function newServer() {
  const server = new McpServer({ name: 'sse-polling-fixture', version: '1.0.0' }, { capabilities: { logging: {} } });
  server.tool('test_reconnection', 'Closes its SSE stream after the priming event, then answers', {}, async (_args, extra) => {
    await sleep(50);
    extra.closeSSEStream?.();
    await sleep(300);
    return { content: [{ type: 'text', text: 'Reconnection test completed' }] };
  });
  server.tool('echo', 'Echoes its message', { message: z.string() }, async ({ message }) => (
    { content: [{ type: 'text', text: `Echo: ${message}` }] }));
  return server;
}

const httpServer = http.createServer(async (req, res) => {
  let body;
  if (req.method === 'POST') {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    try { body = JSON.parse(Buffer.concat(chunks).toString()); } catch { body = undefined; }
  }
  const sid = req.headers['mcp-session-id'];
  let transport = sid ? transports.get(sid) : undefined;
  if (!transport) {
    if (sid || !isInitializeRequest(body)) {
      res.writeHead(sid ? 404 : 400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: sid ? 'Session not found' : 'No session' } }));
      return;
    }
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore: new InMemoryEventStore(),
      retryInterval: 200,
      onsessioninitialized: (id) => transports.set(id, transport),
    });
    transport.onclose = () => { if (transport.sessionId) transports.delete(transport.sessionId); };
    await newServer().connect(transport);
  }
  await transport.handleRequest(req, res, body);
});

httpServer.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: httpServer.address().port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
