// A 2026-07-28 stdio server (the conformance fixture, which speaks both eras) behind
// mcpgw translate, and behind a two-hop chain (translate over translate --connect over
// translate), and behind the wrapper: the upstream is found modern with server/discover and its
// own input_required results, requestState and errors reach modern clients unchanged; legacy
// clients still work.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client as ModernClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { buildDir, mcpgwBin, startTranslate } from './lib/harness.mjs';

const fixture = path.join(buildDir, 'conformance_server');
const V = '2026-07-28';
const meta = (caps = {}) => ({ 'io.modelcontextprotocol/protocolVersion': V, 'io.modelcontextprotocol/clientCapabilities': caps,
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' } });

/** One raw 2026-07-28 tools/call, with the headers the era requires (plus `extra`). */
async function callTool(base, id, params, extra = {}) {
  const res = await fetch(`${base}/mcp`, {
    method: 'POST',
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params }),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': V,
      'Mcp-Method': 'tools/call', 'Mcp-Name': params.name, ...extra },
  });
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return { status: res.status, json: JSON.parse(text) };
  // An SSE answer: the last message event is the response.
  const data = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)));
  return { status: res.status, json: data.filter((m) => 'id' in m && !('method' in m)).at(-1) };
}

async function modernClient(base) {
  const client = new ModernClient({ name: 'modern-upstream-e2e', version: '2.0.0' },
    { capabilities: { sampling: {}, elicitation: { form: {} }, roots: {} }, versionNegotiation: { mode: 'auto' } });
  const asked = [];
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params.message);
    return { action: 'accept', content: /color/.test(request.params.message) ? { color: 'teal' } : { name: 'Ada' } };
  });
  client.setRequestHandler('sampling/createMessage', async () => (
    { role: 'assistant', content: { type: 'text', text: 'Paris' }, model: 'e2e', stopReason: 'endTurn' }));
  client.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///work/e2e', name: 'e2e' }] }));
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  return { client, asked };
}

/** The checks every front of the fixture must pass, given its base URL. */
function modernUpstreamChecks(front) {
  test('the upstream\'s own input_required comes through: its keys and its signed requestState', async () => {
    const first = await callTool(front().base, 1, { name: 'test_input_required_result_elicitation', arguments: {}, _meta: meta({ elicitation: {} }) });
    assert.equal(first.status, 200);
    const result = first.json.result;
    assert.equal(result.resultType, 'input_required');
    assert.deepEqual(Object.keys(result.inputRequests), ['user_name'], 'the key the server chose');
    assert.match(result.requestState, /^[\w-]+\.[\w-]+$/, 'the server\'s own payload.signature');
    const retry = await callTool(front().base, 2, { name: 'test_input_required_result_elicitation', arguments: {}, _meta: meta({ elicitation: {} }),
      requestState: result.requestState, inputResponses: { user_name: { action: 'accept', content: { name: 'Grace' } } } });
    assert.equal(retry.json.result.resultType, 'complete');
    assert.equal(retry.json.result.content[0].text, 'Hello, Grace!');
  });

  test('a tampered requestState is refused by the upstream and the refusal passed on', async () => {
    const first = await callTool(front().base, 3, { name: 'test_input_required_result_tampered_state', arguments: {}, _meta: meta({ elicitation: {} }) });
    const state = first.json.result.requestState;
    const forged = `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`;
    const retry = await callTool(front().base, 4, { name: 'test_input_required_result_tampered_state', arguments: {}, _meta: meta({ elicitation: {} }),
      requestState: forged, inputResponses: { confirm: { action: 'accept', content: { ok: true } } } });
    assert.equal(retry.json.error?.code, -32602, JSON.stringify(retry.json));
    assert.match(retry.json.error.message, /integrity check/, 'the upstream\'s own words');
    assert.equal(retry.json.id, 4);
  });

  test('-32021 for a capability the client did not declare is passed on with its data', async () => {
    const r = await callTool(front().base, 5, { name: 'test_missing_capability', arguments: {}, _meta: meta({}) });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, -32021);
    assert.deepEqual(r.json.error.data.requiredCapabilities, { sampling: {} });
  });

  test('the 2.x client negotiates 2026-07-28 and completes multi-round, sampling and roots rounds', async () => {
    const { client, asked } = await modernClient(front().base);
    try {
      assert.equal(client.getNegotiatedProtocolVersion(), V);
      const multi = await client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
      assert.equal(multi.content[0].text, "Ada's favorite color is teal");
      assert.deepEqual(asked, ['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
      const sampled = await client.callTool({ name: 'test_input_required_result_sampling', arguments: {} });
      assert.match(sampled.content[0].text, /Paris/);
      const roots = await client.callTool({ name: 'test_input_required_result_list_roots', arguments: {} });
      assert.match(roots.content[0].text, /file:\/\/\/work\/e2e/);
    } finally { await client.close(); }
  });

  test('Mcp-Param headers of an x-mcp-header tool are checked: missing or bad Base64 is 400 and -32020', async () => {
    const params = { name: 'test_header_param', arguments: { region: 'Hello' }, _meta: meta() };
    const missing = await callTool(front().base, 6, params);
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, -32020);
    const badPadding = await callTool(front().base, 7, params, { 'Mcp-Param-Region': '=?base64?SGVsbG8?=' });
    assert.equal(badPadding.status, 400);
    assert.equal(badPadding.json.error.code, -32020);
    const wrong = await callTool(front().base, 8, params, { 'Mcp-Param-Region': 'Goodbye' });
    assert.equal(wrong.json.error.code, -32020);
    const good = await callTool(front().base, 9, params, { 'Mcp-Param-Region': `=?base64?${Buffer.from('Hello').toString('base64')}?=` });
    assert.equal(good.status, 200, JSON.stringify(good.json));
    assert.equal(good.json.result.content[0].text, 'Region: Hello');
  });

  test('a 1.x client in the legacy era still gets real elicitation requests', async () => {
    const client = new LegacyClient({ name: 'legacy', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.org' } }));
    await client.connect(new LegacyHttpTransport(new URL(`${front().base}/mcp`)));
    try {
      const r = await client.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } });
      assert.match(r.content[0].text, /ada@example\.org/);
    } finally { await client.close(); }
  });
}

describe('translate in front of a 2026-07-28 stdio server', () => {
  let gw;
  before(async () => { gw = await startTranslate(['--stdio', fixture]); });
  after(async () => { await gw?.stop(); });

  test('the child is probed with server/discover and spoken to in 2026-07-28', async () => {
    await callTool(gw.base, 0, { name: 'test_simple_text', arguments: {}, _meta: meta() });
    assert.match(gw.stderr(), /shared_upstream_ready era=modern protocol=2026-07-28/);
  });
  modernUpstreamChecks(() => gw);
});

describe('a two-hop chain: translate over translate --connect over translate', () => {
  let inner, outer;
  before(async () => {
    inner = await startTranslate(['--stdio', fixture]);
    outer = await startTranslate(['--stdio', `${mcpgwBin} translate --connect ${inner.base}/mcp`]);
  });
  after(async () => { await outer?.stop(); await inner?.stop(); });

  test('both hops find the era modern', async () => {
    await callTool(outer.base, 0, { name: 'test_simple_text', arguments: {}, _meta: meta() });
    assert.match(outer.stderr(), /shared_upstream_ready era=modern/);
    assert.match(inner.stderr(), /shared_upstream_ready era=modern/);
  });
  modernUpstreamChecks(() => outer);
});

test('the wrapper turns the modern server\'s input_required into real requests for a 1.x stdio client', async () => {
  const gw = await startTranslate(['--stdio', fixture]);
  const client = new LegacyClient({ name: 'desktop', version: '1' }, { capabilities: { elicitation: {} } });
  const asked = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push(request.params.message);
    return { action: 'accept', content: /color/.test(request.params.message) ? { color: 'amber' } : { name: 'Lin' } };
  });
  try {
    await client.connect(new StdioClientTransport({ command: mcpgwBin, args: ['wrapper', '--url', `${gw.base}/mcp`], stderr: 'ignore' }));
    const r = await client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
    assert.equal(r.content[0].text, "Lin's favorite color is amber");
    assert.deepEqual(asked, ['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
  } finally {
    await client.close();
    await gw.stop();
  }
});
