// What a 2026-07-28 upstream (the conformance fixture) must look like through any mcpgw front:
// its own input_required results, requestState and errors reach modern clients unchanged;
// legacy clients get real requests. Shared by the translate and serve suites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client as ModernClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export const V = '2026-07-28';
export const meta = (caps = {}) => ({ 'io.modelcontextprotocol/protocolVersion': V, 'io.modelcontextprotocol/clientCapabilities': caps,
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' } });

/** One raw 2026-07-28 tools/call, with the headers the era requires (plus `extra`). */
export async function callTool(front, id, params, extra = {}) {
  const res = await fetch(front.url, {
    method: 'POST',
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params }),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': V,
      'Mcp-Method': 'tools/call', 'Mcp-Name': params.name, ...front.headers, ...extra },
  });
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return { status: res.status, json: JSON.parse(text) };
  // An SSE answer: the last message event is the response.
  const data = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)));
  return { status: res.status, json: data.filter((m) => 'id' in m && !('method' in m)).at(-1) };
}

export async function modernClient(front) {
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
  await client.connect(new StreamableHTTPClientTransport(new URL(front.url), { requestInit: { headers: front.headers } }));
  return { client, asked };
}

/**
 * The checks every front of the fixture must pass. `front()` gives the MCP endpoint's URL and
 * the headers each request needs there (credentials).
 */
export function modernUpstreamChecks(front) {
  test('the upstream\'s own input_required comes through: its keys and its signed requestState', async () => {
    const first = await callTool(front(), 1, { name: 'test_input_required_result_elicitation', arguments: {}, _meta: meta({ elicitation: {} }) });
    assert.equal(first.status, 200);
    const result = first.json.result;
    assert.equal(result.resultType, 'input_required');
    assert.deepEqual(Object.keys(result.inputRequests), ['user_name'], 'the key the server chose');
    assert.match(result.requestState, /^[\w-]+\.[\w-]+$/, 'the server\'s own payload.signature');
    const retry = await callTool(front(), 2, { name: 'test_input_required_result_elicitation', arguments: {}, _meta: meta({ elicitation: {} }),
      requestState: result.requestState, inputResponses: { user_name: { action: 'accept', content: { name: 'Grace' } } } });
    assert.equal(retry.json.result.resultType, 'complete');
    assert.equal(retry.json.result.content[0].text, 'Hello, Grace!');
  });

  test('a tampered requestState is refused by the upstream and the refusal passed on', async () => {
    const first = await callTool(front(), 3, { name: 'test_input_required_result_tampered_state', arguments: {}, _meta: meta({ elicitation: {} }) });
    const state = first.json.result.requestState;
    const forged = `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`;
    const retry = await callTool(front(), 4, { name: 'test_input_required_result_tampered_state', arguments: {}, _meta: meta({ elicitation: {} }),
      requestState: forged, inputResponses: { confirm: { action: 'accept', content: { ok: true } } } });
    assert.equal(retry.json.error?.code, -32602, JSON.stringify(retry.json));
    assert.match(retry.json.error.message, /integrity check/, 'the upstream\'s own words');
    assert.equal(retry.json.id, 4);
  });

  test('-32021 for a capability the client did not declare is passed on with its data', async () => {
    const r = await callTool(front(), 5, { name: 'test_missing_capability', arguments: {}, _meta: meta({}) });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, -32021);
    assert.deepEqual(r.json.error.data.requiredCapabilities, { sampling: {} });
  });

  test('the 2.x client negotiates 2026-07-28 and completes multi-round, sampling and roots rounds', async () => {
    const { client, asked } = await modernClient(front());
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
    const missing = await callTool(front(), 6, params);
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, -32020);
    const badPadding = await callTool(front(), 7, params, { 'Mcp-Param-Region': '=?base64?SGVsbG8?=' });
    assert.equal(badPadding.status, 400);
    assert.equal(badPadding.json.error.code, -32020);
    const wrong = await callTool(front(), 8, params, { 'Mcp-Param-Region': 'Goodbye' });
    assert.equal(wrong.json.error.code, -32020);
    const good = await callTool(front(), 9, params, { 'Mcp-Param-Region': `=?base64?${Buffer.from('Hello').toString('base64')}?=` });
    assert.equal(good.status, 200, JSON.stringify(good.json));
    assert.equal(good.json.result.content[0].text, 'Region: Hello');
  });

  test('a 1.x client in the legacy era still gets real elicitation requests', async () => {
    const client = new LegacyClient({ name: 'legacy', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.org' } }));
    await client.connect(new LegacyHttpTransport(new URL(front().url), { requestInit: { headers: front().headers } }));
    try {
      const r = await client.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } });
      assert.match(r.content[0].text, /ada@example\.org/);
    } finally { await client.close(); }
  });
}

/**
 * Checks for legacy (1.x) clients of a front whose upstream speaks 2026-07-28 only: its
 * input_required rounds reach them as real requests.
 */
export function legacyRoundChecks(front) {
  test('a 1.x client answers multi-round, sampling and roots rounds as real requests', async () => {
    const client = new LegacyClient({ name: 'legacy-rounds', version: '1' }, { capabilities: { elicitation: {}, sampling: {}, roots: {} } });
    const asked = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: /color/.test(request.params.message) ? { color: 'green' } : { name: 'Kay' } };
    });
    client.setRequestHandler(CreateMessageRequestSchema, async () => (
      { role: 'assistant', content: { type: 'text', text: 'Lisbon' }, model: 'e2e', stopReason: 'endTurn' }));
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///work/legacy', name: 'legacy' }] }));
    await client.connect(new StreamableHTTPClientTransport(new URL(front().url), { requestInit: { headers: front().headers } }));
    try {
      const multi = await client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
      assert.equal(multi.content[0].text, "Kay's favorite color is green");
      assert.deepEqual(asked, ['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
      const sampled = await client.callTool({ name: 'test_input_required_result_sampling', arguments: {} });
      assert.match(sampled.content[0].text, /Lisbon/);
      const roots = await client.callTool({ name: 'test_input_required_result_list_roots', arguments: {} });
      assert.match(roots.content[0].text, /file:\/\/\/work\/legacy/);
    } finally { await client.close(); }
  });

  test('a 1.x client without the capability is not asked; the upstream says what is missing', async () => {
    const client = new LegacyClient({ name: 'legacy-bare', version: '1' }, { capabilities: {} });
    await client.connect(new StreamableHTTPClientTransport(new URL(front().url), { requestInit: { headers: front().headers } }));
    try {
      const outcome = await client.callTool({ name: 'test_input_required_result_sampling', arguments: {} }).then((r) => r, (e) => e);
      // The fixture refuses the retry that lacks the sampling answer.
      assert.ok(outcome instanceof Error || outcome.isError, JSON.stringify(outcome));
    } finally { await client.close(); }
  });
}
