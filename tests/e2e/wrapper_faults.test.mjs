// `mcpgw wrapper` when things go wrong: the remote server restarts, connections drop mid-stream,
// the server is slow, refuses the token, or answers 503; and when the desktop client goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import {
  startTranslate, startEverythingHttp, everythingStdio, freePort, waitFor,
} from './lib/harness.mjs';
import { connectWrapper, spawnWrapper, conformanceFixture } from './lib/wrapper.mjs';

const region = (r) => ({ name: 'test_header_param', arguments: { region: r } });
const initialize = (id = 0) => ({ jsonrpc: '2.0', id, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });

/**
 * A scripted legacy MCP server on loopback: server/discover gets the 400 a legacy server gives,
 * initialize opens session "s1", notifications get 202, GET 405 unless `onGet` serves it;
 * `onCall(message, req, res)` answers everything else. Records every request in `seen`.
 */
async function scriptedServer({ onCall, onGet, port = 0 }) {
  const seen = [];
  const sockets = new Set();
  const handle = (req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const message = body ? JSON.parse(body) : undefined;
      seen.push({ method: req.method, headers: req.headers, message });
      if (req.method === 'GET') return onGet ? onGet(req, res) : res.writeHead(405).end();
      if (req.method === 'DELETE') return res.writeHead(200).end();
      const json = (status, value, headers = {}) =>
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(value));
      if (message.method === 'server/discover')
        return json(400, { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Bad Request: Server not initialized' } });
      if (message.method === 'initialize')
        return json(200, { jsonrpc: '2.0', id: message.id, result: { protocolVersion: message.params.protocolVersion,
          capabilities: { tools: {} }, serverInfo: { name: 'scripted', version: '1' } } }, { 'Mcp-Session-Id': 's1' });
      if (!('id' in message)) return res.writeHead(202).end();
      return onCall(message, req, res);
    });
  };
  let server = http.createServer(handle);
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  port = server.address().port;
  const close = () => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(resolve);
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`, seen,
    close,
    /** Stops listening (refusing connections) for `ms`, then listens on the same port again. */
    async pause(ms) {
      await close();
      setTimeout(() => {
        server = http.createServer(handle);
        server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
        server.listen(port, '127.0.0.1');
      }, ms);
    },
  };
}

/** A TCP proxy on loopback whose connections can all be cut at once. */
async function cuttableProxy(targetPort) {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    cut: () => { for (const s of sockets) s.destroy(); },
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}

test('the remote server restarted mid-session: the session is renewed and the next call succeeds', async () => {
  const port = await freePort();
  let gw = await startTranslate(['--stdio', conformanceFixture], { port });
  const side = await connectWrapper(`${gw.base}/mcp`, { args: ['--era', 'legacy'] });
  try {
    assert.equal((await side.client.callTool(region('before'))).content[0].text, 'Region: before');
    await gw.stop();
    gw = await startTranslate(['--stdio', conformanceFixture], { port });
    const r = await side.client.callTool(region('after'));
    assert.equal(r.content[0].text, 'Region: after');
    assert.match(side.stderr(), /event=session_expired/);
    assert.match(side.stderr(), /event=session_renewed revision=2025-\d\d-\d\d/);
    // The renewed session is a whole one: the server's requests reach the client again.
    const s = await side.client.callTool({ name: 'test_sampling', arguments: { prompt: 'again' } });
    assert.match(JSON.stringify(s.content), /desktop sample/);
  } finally {
    await side.close();
    await gw.stop();
  }
});

test('a 2026-07-28 server restarted mid-session: nothing to renew, the next call succeeds', async () => {
  const port = await freePort();
  let gw = await startTranslate(['--stdio', conformanceFixture], { port });
  const side = await connectWrapper(`${gw.base}/mcp`);
  try {
    assert.match(side.stderr(), /era=modern/);
    assert.equal((await side.client.callTool(region('before'))).content[0].text, 'Region: before');
    await gw.stop();
    gw = await startTranslate(['--stdio', conformanceFixture], { port });
    assert.equal((await side.client.callTool(region('after'))).content[0].text, 'Region: after');
  } finally {
    await side.close();
    await gw.stop();
  }
});

test('a response stream dropped mid-call is resumed with Last-Event-ID', async () => {
  const progress = (n) => ({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 0, progress: n, total: 3 } });
  let resumedFrom;
  let callId;
  const server = await scriptedServer({
    onCall(message, req, res) {
      if (message.method !== 'tools/call') return res.writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { tools: [] } }));
      callId = message.id;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(`id: e1\ndata: ${JSON.stringify({ ...progress(1), params: { ...progress(1).params, progressToken: message.params._meta.progressToken } })}\n\n`);
      setTimeout(() => res.socket.destroy(), 50);
    },
    onGet(req, res) {
      if (!req.headers['last-event-id']) return res.writeHead(405).end();
      resumedFrom = req.headers['last-event-id'];
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end(`id: e2\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: callId, result: { content: [{ type: 'text', text: 'resumed' }] } })}\n\n`);
    },
  });
  const side = await connectWrapper(server.url);
  try {
    const seen = [];
    const r = await side.client.callTool({ name: 'slow', arguments: {} }, undefined, { onprogress: (p) => seen.push(p) });
    assert.equal(r.content[0].text, 'resumed');
    assert.equal(resumedFrom, 'e1');
    assert.equal(seen.length, 1);
  } finally {
    await side.close();
    await server.close();
  }
});

test('a connection cut mid-call is resumed with Last-Event-ID; other calls are untouched', async () => {
  const gw = await startTranslate(['--stdio', everythingStdio]);
  const proxy = await cuttableProxy(gw.port);
  const side = await connectWrapper(`http://127.0.0.1:${proxy.port}/mcp`, { args: ['--era', 'legacy'] });
  try {
    let cuts = 0;
    const call = side.client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1.6, steps: 8 } },
      undefined, { onprogress: () => { if (cuts++ === 0) proxy.cut(); }, timeout: 30000 });
    const echo = side.client.callTool({ name: 'echo', arguments: { message: 'in flight too' } });
    // translate keeps the broken response stream; the wrapper picks it up again and the call completes.
    const r0 = await call;
    assert.match(r0.content[0].text, /completed/);
    assert.ok(cuts >= 2, 'progress kept arriving after the cut');
    assert.equal((await echo).content[0].text, 'Echo: in flight too');
    const r = await side.client.callTool({ name: 'echo', arguments: { message: 'after the cut' } });
    assert.equal(r.content[0].text, 'Echo: after the cut');
  } finally {
    await side.close();
    await proxy.close();
    await gw.stop();
  }
});

test('a server slower than MCP_TOOL_CALL_TIMEOUT fails that call only', async () => {
  const server = await startEverythingHttp('streamableHttp');
  const side = await connectWrapper(server.url, { env: { MCP_TOOL_CALL_TIMEOUT: '1' } });
  try {
    const started = Date.now();
    const slow = side.client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 3, steps: 3 } },
      undefined, { timeout: 20000 });
    const quick = side.client.callTool({ name: 'echo', arguments: { message: 'quick' } });
    await assert.rejects(slow, (e) => e.code === -32001 && /timed out/.test(e.message) && /1 s/.test(e.message));
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 900 && elapsed < 2500, `failed after ${elapsed} ms`);
    assert.equal((await quick).content[0].text, 'Echo: quick');
    const r = await side.client.callTool({ name: 'echo', arguments: { message: 'next' } });
    assert.equal(r.content[0].text, 'Echo: next');
    assert.match(side.stderr(), /event=request_timeout method=tools\/call/);
  } finally {
    await side.close();
    await server.stop();
  }
});

test('a refused token gives a clear error on stderr and a JSON-RPC error to the client', async () => {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers.authorization);
    req.resume();
    res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="gateway", error="invalid_token"', 'Content-Type': 'application/json' })
      .end(JSON.stringify({ detail: 'Invalid token' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/servers/abc/mcp`;
  const w = spawnWrapper(url, { env: { MCP_AUTH: 'Bearer expired-secret-token', MCP_WRAPPER_LOG_LEVEL: 'ERROR' } });
  try {
    w.send(initialize(7));
    const reply = await w.next((m) => m.id === 7);
    assert.equal(reply.error.code, -32000);
    assert.match(reply.error.message, /HTTP 401 Unauthorized/);
    assert.match(reply.error.message, /invalid_token/);
    assert.equal(reply.error.data.httpStatus, 401);
    assert.match(w.stderr(), /mcpgw error event=upstream_unauthorized status=401/);
    assert.match(w.stderr(), /MCP_AUTH/);
    assert.doesNotMatch(w.stderr(), /expired-secret-token/);
    assert.equal(requests[0], 'Bearer expired-secret-token');
    assert.equal(requests.length, 1, 'a refused token is not retried');
    w.proc.stdin.end();
    assert.equal(await w.exited, 0);
  } finally {
    w.proc.kill('SIGKILL');
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a tools/call is never sent twice; idempotent requests are retried', async () => {
  let lists = 0;
  const server = await scriptedServer({
    onCall(message, req, res) {
      if (message.method === 'tools/list' && ++lists >= 3)
        return res.writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { tools: [] } }));
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('busy');
    },
  });
  const side = await connectWrapper(server.url);
  try {
    await assert.rejects(side.client.callTool({ name: 'side-effect', arguments: {} }), /HTTP 503/);
    assert.equal(server.seen.filter((s) => s.message?.method === 'tools/call').length, 1);
    assert.deepEqual((await side.client.listTools()).tools, []);
    assert.equal(lists, 3, 'tools/list went again after two 503s');
  } finally {
    await side.close();
    await server.close();
  }
});

test('a tools/call that could not reach the server is sent again once it is back', async () => {
  const server = await scriptedServer({
    onCall(message, req, res) {
      res.writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: 'done once' }] } }));
    },
  });
  const side = await connectWrapper(server.url);
  try {
    await server.pause(400);
    const r = await side.client.callTool({ name: 'side-effect', arguments: {} });
    assert.equal(r.content[0].text, 'done once');
    assert.equal(server.seen.filter((s) => s.message?.method === 'tools/call').length, 1);
    assert.match(side.stderr(), /event=upstream_retry method=tools\/call/);
  } finally {
    await side.close();
    await server.close();
  }
});

test('stdin closed: the wrapper ends the session with DELETE and exits 0', async () => {
  const server = await startEverythingHttp('streamableHttp');
  const w = spawnWrapper(server.url);
  try {
    w.send(initialize(1));
    const init = await w.next((m) => m.id === 1);
    assert.ok(init.result.serverInfo.name);
    w.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    w.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'bye' } } });
    w.proc.stdin.end();
    assert.equal(await w.exited, 0);
    assert.equal(w.messages.find((m) => m.id === 2)?.result.content[0].text, 'Echo: bye',
      'an answer on its way when stdin closed still arrives');
    await waitFor(() => /Received session termination request/.test(server.output()), 3000, 'the DELETE');
  } finally {
    w.proc.kill('SIGKILL');
    await server.stop();
  }
});

test('an unreachable server: each request gets an error with its own id, and the wrapper stays up', async () => {
  const port = await freePort();
  const w = spawnWrapper(`http://127.0.0.1:${port}/mcp`, { env: { MCP_WRAPPER_LOG_LEVEL: 'OFF' } });
  try {
    w.send(initialize('first'));
    w.send({ ...initialize(2) });
    const [a, b] = await Promise.all([w.next((m) => m.id === 'first'), w.next((m) => m.id === 2)]);
    for (const reply of [a, b]) assert.match(reply.error.message, /cannot reach .*refused/i);
    assert.equal(w.stderr(), '', 'OFF means nothing on stderr');
    w.proc.stdin.end();
    assert.equal(await w.exited, 0);
  } finally {
    w.proc.kill('SIGKILL');
  }
});
