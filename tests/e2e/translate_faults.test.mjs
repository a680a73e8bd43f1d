// Bad input and dying children never take mcpgw translate down, and always get a clear answer.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTranslate, everythingStdio, waitFor } from './lib/harness.mjs';

const jsonHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const init = { jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'faults', version: '1' } } };

async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { ...jsonHeaders, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json; try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

describe('translate rejects bad input with the right errors', () => {
  let gw, sid;
  before(async () => {
    gw = await startTranslate(['--stdio', everythingStdio, '--max-body-bytes', '65536']);
    const r = await post(`${gw.base}/mcp`, init);
    assert.equal(r.status, 200);
    sid = r.headers.get('mcp-session-id');
    assert.match(sid, /^[0-9a-f]{32}$/);
  });
  after(async () => { await gw?.stop(); });

  test('malformed JSON gets 400 and a -32700 parse error', async () => {
    const r = await post(`${gw.base}/mcp`, '{"jsonrpc": "2.0", "id": 1, "method": ', { 'Mcp-Session-Id': sid });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, -32700);
  });

  test('JSON that is not JSON-RPC gets -32600 and keeps its id', async () => {
    const r = await post(`${gw.base}/mcp`, { jsonrpc: '2.0', id: 5, method: 17 }, { 'Mcp-Session-Id': sid });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, -32600);
    assert.equal(r.json.id, 5);
  });

  test('an unknown method is answered by the upstream with -32601', async () => {
    const r = await post(`${gw.base}/mcp`, { jsonrpc: '2.0', id: 6, method: 'no/such/method' },
      { 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-06-18' });
    assert.equal(r.status, 200);
    assert.equal(r.json.error.code, -32601);
  });

  test('an oversized body gets 413', async () => {
    const big = { jsonrpc: '2.0', id: 2, method: 'tools/call',
      params: { name: 'echo', arguments: { message: 'x'.repeat(200000) } } };
    const r = await post(`${gw.base}/mcp`, big, { 'Mcp-Session-Id': sid });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, -32600);
  });

  test('an unknown session id gets 404 and a missing one 400', async () => {
    const ping = { jsonrpc: '2.0', id: 3, method: 'ping' };
    assert.equal((await post(`${gw.base}/mcp`, ping, { 'Mcp-Session-Id': 'f'.repeat(32) })).status, 404);
    assert.equal((await post(`${gw.base}/mcp`, ping)).status, 400);
    const sse = await post(`${gw.base}/message?session_id=nope`, ping);
    assert.equal(sse.status, 404);
  });

  test('a foreign Origin or Host gets 403 (DNS-rebinding protection)', async () => {
    const ping = { jsonrpc: '2.0', id: 4, method: 'ping' };
    const evil = await post(`${gw.base}/mcp`, ping, { 'Mcp-Session-Id': sid, Origin: 'http://evil.example' });
    assert.equal(evil.status, 403);
    const local = await post(`${gw.base}/mcp`, ping, { 'Mcp-Session-Id': sid, Origin: 'http://localhost:3000' });
    assert.equal(local.status, 200);
  });

  test('an unsupported MCP-Protocol-Version gets 400', async () => {
    const r = await post(`${gw.base}/mcp`, { jsonrpc: '2.0', id: 7, method: 'ping' },
      { 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '1999-01-01' });
    assert.equal(r.status, 400);
  });

  test('a wrong Accept header gets 406 and a wrong Content-Type 415', async () => {
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'ping' });
    let res = await fetch(`${gw.base}/mcp`, { method: 'POST', body: ping,
      headers: { 'Content-Type': 'application/json', Accept: 'text/html', 'Mcp-Session-Id': sid } });
    assert.equal(res.status, 406);
    res = await fetch(`${gw.base}/mcp`, { method: 'POST', body: ping,
      headers: { 'Content-Type': 'text/plain', Accept: jsonHeaders.Accept, 'Mcp-Session-Id': sid } });
    assert.equal(res.status, 415);
  });

  test('DELETE ends the session; its id is then unknown', async () => {
    const r = await post(`${gw.base}/mcp`, init);
    const id = r.headers.get('mcp-session-id');
    const del = await fetch(`${gw.base}/mcp`, { method: 'DELETE', headers: { 'Mcp-Session-Id': id } });
    assert.equal(del.status, 200);
    const again = await post(`${gw.base}/mcp`, { jsonrpc: '2.0', id: 9, method: 'ping' }, { 'Mcp-Session-Id': id });
    assert.equal(again.status, 404);
  });

  test('a 2025-03-26 batch is answered as an array; later revisions may not batch', async () => {
    const r = await post(`${gw.base}/mcp`, { ...init, params: { ...init.params, protocolVersion: '2025-03-26' } });
    const id = r.headers.get('mcp-session-id');
    const batch = [
      { jsonrpc: '2.0', id: 'a', method: 'ping' },
      { jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'echo', arguments: { message: 'batched' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 'c', method: 42 },
    ];
    const ok = await post(`${gw.base}/mcp`, batch, { 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '2025-03-26' });
    assert.equal(ok.status, 200);
    const byId = Object.fromEntries(ok.json.map((m) => [m.id, m]));
    assert.equal(ok.json.length, 3);
    assert.deepEqual(byId.a.result, {});
    assert.equal(byId.b.result.content[0].text, 'Echo: batched');
    assert.equal(byId.c.error.code, -32600);
    const refused = await post(`${gw.base}/mcp`, batch.slice(0, 1), { 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-06-18' });
    assert.equal(refused.status, 400);
  });

  test('the health endpoint answers', async () => {
    const res = await fetch(`${gw.base}/healthz`);
    assert.equal(res.status, 200);
  });
});

describe('a child that dies is reported, and the bridge lives on', () => {
  test('a child that crashes at start: the client sees its stderr in the error', async () => {
    const gw = await startTranslate(['--stdio', `sh -c "echo 'fatal: missing API key' >&2; exit 3"`]);
    try {
      const r = await post(`${gw.base}/mcp`, init);
      assert.equal(r.json.error.code, -32000);
      assert.match(r.json.error.message, /missing API key/);
      assert.match(r.json.error.message, /exit code 3/);
      assert.equal((await fetch(`${gw.base}/healthz`)).status, 200, 'bridge still up');
    } finally { await gw.stop(); }
  });

  test('a child whose last words come after its stdout closed: the error still carries them', async () => {
    // Its stdout ends first, its stderr and exit 300 ms later; the error must wait for both.
    const gw = await startTranslate(['--stdio', `sh -c "exec >&-; sleep 0.3; echo 'fatal: missing API key' >&2; exit 3"`]);
    try {
      const r = await post(`${gw.base}/mcp`, init);
      assert.equal(r.json.error.code, -32000);
      assert.match(r.json.error.message, /missing API key/);
      assert.match(r.json.error.message, /exit code 3/);
    } finally { await gw.stop(); }
  });

  test('killing the child mid-call fails that call and the next session gets a fresh child', async () => {
    const gw = await startTranslate(['--stdio', everythingStdio]);
    try {
      const client = new Client({ name: 'victim', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`)));
      await waitFor(() => /child_start pid=(\d+)/.test(gw.stderr()), 5000, 'child pid');
      const pid = Number(gw.stderr().match(/child_start pid=(\d+)/)[1]);
      const call = client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 10, steps: 10 } },
        undefined, { timeout: 20000 });
      setTimeout(() => process.kill(pid, 'SIGKILL'), 300);
      await assert.rejects(call, /closed|exit/i);
      await client.close().catch(() => {});

      const fresh = new Client({ name: 'survivor', version: '1' });
      await fresh.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`)));
      const r = await fresh.callTool({ name: 'echo', arguments: { message: 'alive' } });
      assert.equal(r.content[0].text, 'Echo: alive');
      const pids = [...gw.stderr().matchAll(/child_start pid=(\d+)/g)].map((m) => Number(m[1]));
      assert.ok(pids.length >= 2 && pids.at(-1) !== pid, 'a new child was started');
      await fresh.close();
    } finally { await gw.stop(); }
  });

  test('SIGTERM ends every session, stops every child and exits 0', async () => {
    const gw = await startTranslate(['--stdio', everythingStdio]);
    const clients = await Promise.all([0, 1, 2].map(async () => {
      const c = new Client({ name: 'bye', version: '1' });
      await c.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`)));
      return c;
    }));
    const pids = [...gw.stderr().matchAll(/child_start pid=(\d+)/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 3);
    const started = Date.now();
    const code = await gw.stop();
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 4500, 'shut down within the grace periods');
    const alive = pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } });
    assert.deepEqual(alive, [], 'no child left behind');
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
  });

  test('concurrent sessions each get their own child and never see each other\'s responses', async () => {
    const gw = await startTranslate(['--stdio', everythingStdio]);
    try {
      const clients = await Promise.all([0, 1, 2].map(async (i) => {
        const c = new Client({ name: `c${i}`, version: '1' });
        await c.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`)));
        return c;
      }));
      const results = await Promise.all(clients.flatMap((c, i) => [0, 1, 2, 3].map((j) =>
        c.callTool({ name: 'echo', arguments: { message: `client ${i} call ${j}` } }).then((r) => [i, j, r]))));
      for (const [i, j, r] of results) assert.equal(r.content[0].text, `Echo: client ${i} call ${j}`);
      const pids = new Set([...gw.stderr().matchAll(/child_start pid=(\d+)/g)].map((m) => m[1]));
      assert.equal(pids.size, 3);
      await Promise.all(clients.map((c) => c.close()));
    } finally { await gw.stop(); }
  });
});
