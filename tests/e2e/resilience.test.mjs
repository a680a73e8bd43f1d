// Resilience and limits of calls: retries with backoff (counted at a real API, json-server),
// circuit breakers per upstream, rate limits per user and per tool (counted exactly under
// concurrency), and call slots per upstream (a slow API beside a fast one). Each part runs its
// own serve with the settings it tests.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { everythingStdio } from './lib/harness.mjs';
import { startRestApi } from './lib/rest_api.mjs';
import { mintToken, startServe } from './lib/serve.mjs';

const object = (properties = {}, required = []) => ({ type: 'object', properties, required });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function registerTool(gw, body) {
  const r = await gw.api('POST', '/tools', { integration_type: 'REST', request_type: 'GET', input_schema: object(), ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function rpcCall(gw, method, params, { token = gw.token, id = 1 } = {}) {
  const r = await fetch(`${gw.base}/rpc`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  });
  return { status: r.status, headers: r.headers, json: await r.json() };
}
const callTool = (gw, name, args = {}, opts) => rpcCall(gw, 'tools/call', { name, arguments: args }, opts);

async function metric(gw, pattern) {
  const text = await (await fetch(`${gw.base}/metrics`, { headers: { Authorization: `Bearer ${gw.token}` } })).text();
  const m = text.match(pattern);
  return m ? Number(m[1]) : undefined;
}

/** A loopback port that nothing listens on. */
async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

describe('retries', () => {
  let api, gw;
  before(async () => {
    api = await startRestApi();
    gw = await startServe({ env: { RETRY_MAX_ATTEMPTS: '3', RETRY_BASE_DELAY_MS: '50', RETRY_MAX_DELAY_MS: '2000',
      CIRCUIT_BREAKER_FAILURE_THRESHOLD: '0' } });
    await registerTool(gw, { name: 'unavailable', url: `${api.base}/status/503` });
    await registerTool(gw, { name: 'busy_api', url: `${api.base}/status/429?retry_after=1` });
    await registerTool(gw, { name: 'long_wait', url: `${api.base}/status/503?retry_after=30` });
    await registerTool(gw, { name: 'broken', url: `${api.base}/status/500` });
    await registerTool(gw, { name: 'created', url: `${api.base}/posts`, request_type: 'POST',
      input_schema: object({ title: { type: 'string' } }) });
    await registerTool(gw, { name: 'nowhere', url: `http://127.0.0.1:${await closedPort()}/x` });
  });
  after(async () => { await gw?.stop(); await api?.close(); });

  const hits = (n, path) => api.seen.slice(n).filter((r) => r.path === path).length;

  test('a 503 is tried RETRY_MAX_ATTEMPTS times in all, then its answer is the result', async () => {
    const n = api.seen.length;
    const r = await callTool(gw, 'unavailable');
    assert.equal(r.json.result.isError, true);
    assert.match(r.json.result.content[0].text, /HTTP 503/);
    assert.equal(hits(n, '/status/503'), 3);
  });

  test("a 429's Retry-After is waited for between tries", async () => {
    const n = api.seen.length;
    const started = Date.now();
    const r = await callTool(gw, 'busy_api');
    assert.match(r.json.result.content[0].text, /HTTP 429/);
    assert.equal(hits(n, '/status/429'), 3);
    assert.ok(Date.now() - started >= 1900, `took ${Date.now() - started} ms`);
  });

  test('a Retry-After longer than RETRY_MAX_DELAY_MS is not waited for: one try', async () => {
    const n = api.seen.length;
    const started = Date.now();
    const r = await callTool(gw, 'long_wait');
    assert.match(r.json.result.content[0].text, /HTTP 503/);
    assert.equal(hits(n, '/status/503'), 1);
    assert.ok(Date.now() - started < 1500);
  });

  test('a 500 is not retried (the API may have acted), nor is a 201', async () => {
    let n = api.seen.length;
    await callTool(gw, 'broken');
    assert.equal(hits(n, '/status/500'), 1);
    n = api.seen.length;
    const r = await callTool(gw, 'created', { title: 'once' });
    assert.equal(r.json.result.isError, undefined);
    assert.equal(hits(n, '/posts'), 1);
  });

  test('a refused connection (nothing sent) is tried again, and counted in /metrics', async () => {
    const before = await metric(gw, /^mcpgw_call_retries_total (\d+)/m);
    const r = await callTool(gw, 'nowhere');
    assert.equal(r.json.result.isError, true);
    assert.match(r.json.result.content[0].text, /failed/);
    assert.equal(await metric(gw, /^mcpgw_call_retries_total (\d+)/m), before + 2);
  });
});

describe('circuit breaker', () => {
  let api, gw;
  before(async () => {
    api = await startRestApi();
    gw = await startServe({ env: { RETRY_MAX_ATTEMPTS: '1', CIRCUIT_BREAKER_FAILURE_THRESHOLD: '3',
      CIRCUIT_BREAKER_RESET_SECONDS: '2' } });
    await registerTool(gw, { name: 'failing', url: `${api.base}/status/502` });
    await registerTool(gw, { name: 'get_user', url: `${api.base}/users/{id}`, input_schema: object({ id: { type: 'integer' } }, ['id']) });
    await registerTool(gw, { name: 'not_found', url: `${api.base}/status/404` });
  });
  after(async () => { await gw?.stop(); await api?.close(); });

  const health = async () => (await fetch(`${gw.base}/health`, { headers: { Authorization: `Bearer ${gw.token}` } })).json();

  test('4xx answers are the API answering: they never open the circuit', async () => {
    for (let i = 0; i < 5; i++) assert.match((await callTool(gw, 'not_found')).json.result.content[0].text, /HTTP 404/);
    assert.deepEqual((await health()).circuits, []);
  });

  test('after the threshold of failures calls fail at once, without reaching the API', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await callTool(gw, 'failing')).json.result.isError, true);
    const n = api.seen.length;
    const r = await callTool(gw, 'get_user', { id: 1 });  // same API, another tool: same circuit
    assert.equal(r.json.error.code, -32003);
    assert.match(r.json.error.message, /circuit open/);
    assert.ok(r.json.error.data.retryAfterSeconds >= 1 && r.json.error.data.retryAfterSeconds <= 2);
    assert.equal(api.seen.length, n, 'the API saw nothing');
    const [circuit] = (await health()).circuits;
    assert.equal(circuit.state, 'open');
    assert.equal(circuit.upstream, `REST API ${api.base}`);
    assert.equal(await metric(gw, /^mcpgw_circuit_open\{upstream="REST API [^"]+"\} (\S+)/m), 1);
    assert.ok(await metric(gw, /^mcpgw_calls_refused_total\{reason="circuit_open"\} (\d+)/m) >= 1);
  });

  test('a failed trial after the reset time opens it again; a good one closes it', async () => {
    await sleep(2100);
    let n = api.seen.length;
    assert.equal((await callTool(gw, 'failing')).json.result.isError, true);  // the trial
    assert.equal(api.seen.length, n + 1);
    assert.equal((await callTool(gw, 'get_user', { id: 1 })).json.error.code, -32003);
    await sleep(2100);
    n = api.seen.length;
    const r = await callTool(gw, 'get_user', { id: 1 });
    assert.equal(JSON.parse(r.json.result.content[0].text).name, 'Ann');
    assert.deepEqual((await health()).circuits, []);
    assert.equal((await callTool(gw, 'get_user', { id: 2 })).json.result.isError, undefined);
    assert.equal(api.seen.length, n + 2);
  });
});

describe('circuit breaker of an MCP gateway', () => {
  let gw;
  before(async () => {
    gw = await startServe({ env: { TOOL_TIMEOUT: '1', CIRCUIT_BREAKER_FAILURE_THRESHOLD: '2', CIRCUIT_BREAKER_RESET_SECONDS: '2' } });
    const g = await gw.api('POST', '/gateways', { name: 'ev', command: everythingStdio });
    assert.equal(g.status, 201, g.text);
  });
  after(async () => { await gw?.stop(); });

  test('calls that time out open the circuit; a call after the reset time closes it', async () => {
    for (let id = 1; id <= 2; id++) {
      const r = await callTool(gw, 'ev-trigger-long-running-operation', { duration: 5, steps: 1 }, { id });
      assert.equal(r.json.error?.code, -32001, JSON.stringify(r.json));
    }
    const started = Date.now();
    const refused = await callTool(gw, 'ev-echo', { message: 'hi' }, { id: 3 });
    assert.equal(refused.json.error?.code, -32003, JSON.stringify(refused.json));
    assert.match(refused.json.error.message, /gateway 'ev'.*circuit open/);
    assert.ok(Date.now() - started < 500);
    const health = await (await fetch(`${gw.base}/health`, { headers: { Authorization: `Bearer ${gw.token}` } })).json();
    assert.deepEqual(health.circuits.map((c) => [c.upstream, c.state]), [["gateway 'ev'", 'open']]);
    await sleep(2100);
    const r = await callTool(gw, 'ev-echo', { message: 'hi' }, { id: 4 });
    assert.match(r.json.result.content[0].text, /hi/);
    assert.equal(await metric(gw, /^mcpgw_circuit_open\{upstream="gateway 'ev'"\} (\S+)/m), undefined, 'closed circuits are not listed');
  });
});

describe('rate limits', () => {
  let api, gw, other;
  before(async () => {
    api = await startRestApi();
    gw = await startServe({ env: { RATE_LIMITING_ENABLED: 'true', RATE_LIMIT_PER_USER_RPM: '5', TOOL_RATE_LIMIT: '0' } });
    other = mintToken(gw.dir, ['--username', 'other@example.com']);
    await registerTool(gw, { name: 'get_user', url: `${api.base}/users/{id}`, input_schema: object({ id: { type: 'integer' } }, ['id']) });
    await registerTool(gw, { name: 'scarce', url: `${api.base}/users`, rate_limit: 3 });
    const p = await gw.api('POST', '/prompts', { name: 'greet', template: 'Hello {{ who }}', arguments: [{ name: 'who' }] });
    assert.equal(p.status, 201, p.text);
  });
  after(async () => { await gw?.stop(); await api?.close(); });

  test('a user gets exactly RATE_LIMIT_PER_USER_RPM calls through when firing more in parallel', async () => {
    const n = api.seen.length;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => callTool(gw, 'get_user', { id: 1 }, { id: i + 1 })));
    const passed = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    assert.equal(passed.length, 5);
    assert.equal(refused.length, 7);
    assert.equal(api.seen.length - n, 5, 'the API saw exactly the admitted calls');
    const r = refused[0];
    assert.equal(r.json.error.code, -32005);
    assert.ok(r.json.error.code > -32020 || r.json.error.code < -32099);
    assert.equal(r.json.error.data.scope, 'user');
    assert.ok(r.json.error.data.retryAfterSeconds >= 1);
    assert.equal(r.headers.get('retry-after'), String(r.json.error.data.retryAfterSeconds));
    assert.equal(r.headers.get('ratelimit-policy'), '"user";q=5;w=60');
    assert.match(r.headers.get('ratelimit'), /^"user";r=0;t=\d+$/);
    assert.match(passed[0].headers.get('ratelimit'), /^"user";r=\d;t=\d+$/);
  });

  test('prompts/get counts against the same user limit; another user has their own', async () => {
    const mine = await rpcCall(gw, 'prompts/get', { name: 'greet', arguments: { who: 'x' } });
    assert.equal(mine.status, 429);
    const theirs = await rpcCall(gw, 'prompts/get', { name: 'greet', arguments: { who: 'x' } }, { token: other });
    assert.equal(theirs.status, 200);
    assert.equal(theirs.json.result.messages[0].content.text, 'Hello x');
  });

  test("a tool's own rate_limit holds across users; an MCP client gets HTTP 429 with the JSON-RPC error", async () => {
    const users = ['a', 'b', 'c', 'd', 'e', 'f'].map((u) => mintToken(gw.dir, ['--username', `${u}@example.com`]));
    const n = api.seen.length;
    const clients = await Promise.all(users.map(async (token) => {
      const c = new LegacyClient({ name: 'limits', version: '1.0.0' });
      await c.connect(new LegacyHttpTransport(new URL(`${gw.base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      return c;
    }));
    const outcomes = await Promise.allSettled(clients.map((c) => c.callTool({ name: 'scarce', arguments: {} })));
    await Promise.all(clients.map((c) => c.close()));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 3);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(refused.length, 3);
    assert.equal(refused[0].reason.code, 429);
    assert.match(String(refused[0].reason), /-32005/);
    assert.equal(api.seen.slice(n).filter((r) => r.path === '/users').length, 3);
    assert.equal(await metric(gw, /^mcpgw_rate_limited_total\{scope="tool"\} (\d+)/m), 3);
  });

  test('a bad rate_limit is refused at registration', async () => {
    for (const bad of [0, -1, 'ten', 1.5]) {
      const r = await gw.api('POST', '/tools', { integration_type: 'REST', name: `bad_${String(bad).replace(/\W/g, '_')}`,
        url: `${api.base}/users`, request_type: 'GET', rate_limit: bad });
      assert.equal(r.status, 422, r.text);
      assert.match(r.json.detail, /rate_limit/);
    }
  });
});

describe('call slots per upstream', () => {
  let slowApi, fastApi, gw;
  before(async () => {
    slowApi = await startRestApi();
    fastApi = await startRestApi();
    gw = await startServe({ env: { MAX_CONCURRENT_CALLS_PER_GATEWAY: '2', MAX_CONCURRENT_WAIT_MS: '400' } });
    await registerTool(gw, { name: 'slow', url: `${slowApi.base}/slow?ms=1500` });
    await registerTool(gw, { name: 'fast', url: `${fastApi.base}/users/1` });
  });
  after(async () => { await gw?.stop(); await slowApi?.close(); await fastApi?.close(); });

  test('excess calls wait, then fail busy; a slow API never delays calls to another', async () => {
    const slow = Array.from({ length: 4 }, (_, i) => callTool(gw, 'slow', {}, { id: i + 1 }));
    await sleep(100);
    const started = Date.now();
    const fast = await callTool(gw, 'fast', {}, { id: 99 });
    const fastMs = Date.now() - started;
    assert.equal(JSON.parse(fast.json.result.content[0].text).name, 'Ann');
    assert.ok(fastMs < 300, `the fast call took ${fastMs} ms`);
    const results = await Promise.all(slow);
    const busy = results.filter((r) => r.json.error?.code === -32004);
    assert.equal(results.filter((r) => r.json.result?.content?.[0]?.text?.includes('late')).length, 2);
    assert.equal(busy.length, 2);
    assert.match(busy[0].json.error.message, /busy/);
    assert.equal(slowApi.seen.filter((r) => r.path === '/slow').length, 2);
    assert.equal(await metric(gw, /^mcpgw_calls_refused_total\{reason="busy"\} (\d+)/m), 2);
  });

  test('a waiting call gets the slot a finished call gives back', async () => {
    const results = await Promise.all([callTool(gw, 'slow', {}, { id: 1 }), callTool(gw, 'slow', {}, { id: 2 }),
      (async () => { await sleep(50); return callTool(gw, 'fast', {}, { id: 3 }); })()]);
    assert.ok(results.every((r) => r.json.result && !r.json.result.isError));
  });
});

describe('cancelling a REST call', () => {
  let api, gw, client;
  before(async () => {
    api = await startRestApi();
    gw = await startServe();
    await registerTool(gw, { name: 'slow', url: `${api.base}/slow?ms=5000` });
    client = new LegacyClient({ name: 'cancel', version: '1.0.0' });
    await client.connect(new LegacyHttpTransport(new URL(`${gw.base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
  });
  after(async () => { await client?.close(); await gw?.stop(); await api?.close(); });

  test("the client's notifications/cancelled closes the request to the API", async () => {
    const abort = new AbortController();
    const closed = new Promise((resolve) => {
      const n = api.seen.length;
      const poll = setInterval(() => { if (api.seen.length > n) { clearInterval(poll); resolve(); } }, 10);
    });
    const call = client.callTool({ name: 'slow', arguments: {} }, undefined, { signal: abort.signal });
    await closed;
    const aborted = api.aborted();
    abort.abort('enough');
    await assert.rejects(call);
    const started = Date.now();
    while (api.aborted() === aborted && Date.now() - started < 2000) await sleep(20);
    assert.equal(api.aborted(), aborted + 1, 'the API saw its request closed well before it answered');
  });
});
