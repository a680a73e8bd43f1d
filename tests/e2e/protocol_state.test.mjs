// Protocol state on serve and translate: malformed params are answered -32602 at once; a handler
// that fails still answers (-32603); a request id still in flight in a session (or a batch) is
// refused with -32600 and never steals the first request's answer; a cancelled request gets no
// answer and no timeout error later.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTranslate, everythingStdio } from './lib/harness.mjs';
import { startServe } from './lib/serve.mjs';

const jsonHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const init = (version = '2025-06-18') => ({ jsonrpc: '2.0', id: 0, method: 'initialize',
  params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'state', version: '1' } } });

/** POSTs a JSON-RPC body; `messages` holds what came back, whether as JSON or as SSE events. */
async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let messages = [];
  if ((res.headers.get('content-type') || '').includes('text/event-stream')) {
    messages = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
  } else if (text) {
    const parsed = JSON.parse(text);
    messages = Array.isArray(parsed) ? parsed : [parsed];
  }
  return { status: res.status, headers: res.headers, text, messages, json: messages.at(-1) };
}

const call = (id, name, args) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
const cancelled = (id) => ({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'test' } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The shared checks, run against serve's /mcp and translate's /mcp. */
function sessionChecks(ctx, longTool, echoTool) {
  test('a request reusing an id still in flight gets -32600; the first keeps its own answer', async () => {
    const first = post(ctx.url, call(7, longTool, { duration: 2, steps: 2 }), ctx.headers());
    await sleep(300);
    const second = await post(ctx.url, call(7, echoTool, { message: 'thief' }), ctx.headers());
    assert.equal(second.json.error.code, -32600, second.text);
    assert.equal(second.json.id, 7);
    const r = await first;
    assert.equal(r.json.id, 7);
    assert.match(JSON.stringify(r.json.result), /completed/, r.text);
    // Once answered, the id is free again.
    const again = await post(ctx.url, call(7, echoTool, { message: 'reuse' }), ctx.headers());
    assert.equal(again.json.result.content[0].text, 'Echo: reuse');
  });

  test('a cancelled request gets no answer and no timeout error', async () => {
    const started = Date.now();
    const pending = post(ctx.url, call(8, longTool, { duration: 8, steps: 8 }), ctx.headers());
    await sleep(300);
    const ack = await post(ctx.url, cancelled(8), ctx.headers());
    assert.equal(ack.status, 202);
    const r = await pending;
    assert.ok(Date.now() - started < ctx.timeoutMs, `ended on cancellation, not at the timeout (${Date.now() - started} ms)`);
    assert.deepEqual(r.messages.filter((m) => m.id === 8), [], r.text);
    // The session is fine, and the id can be used again.
    const next = await post(ctx.url, call(8, echoTool, { message: 'after' }), ctx.headers());
    assert.equal(next.json.result.content[0].text, 'Echo: after');
  });
}

describe('serve', () => {
  let gw;
  const ctx = { timeoutMs: 4000 };
  before(async () => {
    gw = await startServe({ env: { TOOL_TIMEOUT: '4' } });
    const g = await gw.api('POST', '/gateways', { name: 'ev', command: everythingStdio });
    assert.equal(g.status, 201, g.text);
    const auth = { Authorization: `Bearer ${gw.token}` };
    const opened = await post(`${gw.base}/mcp`, init(), auth);
    assert.equal(opened.status, 200, opened.text);
    const sid = opened.headers.get('mcp-session-id');
    ctx.url = `${gw.base}/mcp`;
    ctx.headers = () => ({ ...auth, 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-06-18' });
  });
  after(async () => { await gw?.stop(); });

  test('/rpc: malformed params get -32602 at once, for every method that reads them', async () => {
    const bad = [
      { method: 'completion/complete', params: { ref: 5, argument: { name: 'a', value: 'b' } } },
      { method: 'completion/complete', params: { ref: { type: 'ref/prompt' }, argument: { name: 'a', value: '' } } },
      { method: 'tools/call', params: { name: 5 } },
      { method: 'tools/call', params: { name: 'ev-echo', arguments: 'x' } },
      { method: 'tools/call', params: [1, 2] },
      { method: 'prompts/get', params: {} },
      { method: 'resources/read', params: { uri: { a: 1 } } },
      { method: 'logging/setLevel', params: { level: 3 } },
    ];
    for (const [i, m] of bad.entries()) {
      const started = Date.now();
      const r = await gw.api('POST', '/rpc', { jsonrpc: '2.0', id: i + 1, ...m });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.error?.code, -32602, `${m.method}: ${r.text}`);
      assert.equal(r.json.id, i + 1);
      assert.ok(Date.now() - started < 2000);
    }
  });

  test('/mcp: completion/complete with "ref": 5 is answered -32602 at once', async () => {
    const started = Date.now();
    const r = await post(ctx.url, { jsonrpc: '2.0', id: 3, method: 'completion/complete',
      params: { ref: 5, argument: { name: 'a', value: 'b' } } }, ctx.headers());
    assert.equal(r.json.error.code, -32602, r.text);
    assert.ok(Date.now() - started < 2000);
  });

  sessionChecks(ctx, 'ev-trigger-long-running-operation', 'ev-echo');

  test('/rpc: a cancelled-by-timeout call still answers, and /rpc itself is bounded', async () => {
    const started = Date.now();
    const r = await gw.api('POST', '/rpc', call(9, 'ev-trigger-long-running-operation', { duration: 10, steps: 10 }));
    assert.equal(r.json.error.code, -32001, r.text);
    assert.ok(Date.now() - started < 8000);
  });
});

describe('translate', () => {
  let gw;
  const ctx = { timeoutMs: 4000 };
  before(async () => {
    gw = await startTranslate(['--stdio', everythingStdio, '--request-timeout', '4']);
    const opened = await post(`${gw.base}/mcp`, init());
    const sid = opened.headers.get('mcp-session-id');
    ctx.url = `${gw.base}/mcp`;
    ctx.headers = () => ({ 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-06-18' });
  });
  after(async () => { await gw?.stop(); });

  sessionChecks(ctx, 'trigger-long-running-operation', 'echo');

  test('a 2025-03-26 batch that repeats an id: the repeat gets -32600, the first its answer', async () => {
    const opened = await post(`${gw.base}/mcp`, init('2025-03-26'));
    const headers = { 'Mcp-Session-Id': opened.headers.get('mcp-session-id'), 'MCP-Protocol-Version': '2025-03-26' };
    const r = await post(`${gw.base}/mcp`, [call('d', 'echo', { message: 'one' }), call('d', 'echo', { message: 'two' })], headers);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.messages.length, 2, r.text);
    const answered = r.messages.filter((m) => m.result);
    const refused = r.messages.filter((m) => m.error);
    assert.equal(answered.length, 1, r.text);
    assert.equal(answered[0].result.content[0].text, 'Echo: one');
    assert.equal(refused[0].error.code, -32600);
  });

  test('a 2026-07-28 subscriptions/listen with malformed params gets -32602', async () => {
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {}, 'io.modelcontextprotocol/clientInfo': { name: 's', version: '1' } };
    const r = await post(`${gw.base}/mcp`, { jsonrpc: '2.0', id: 11, method: 'subscriptions/listen',
      params: { notifications: 5, _meta: meta } }, { 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'subscriptions/listen' });
    assert.equal(r.json.error.code, -32602, r.text);
  });
});
