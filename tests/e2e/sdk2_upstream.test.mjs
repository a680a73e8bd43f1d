// The official 2.x SDK's server (2026-07-28 only, streamable HTTP; lib/sdk2_server.mjs) behind
// mcpgw: a serve virtual server, a translate chain (translate over translate --connect), and the
// wrapper. Its own input_required rounds (two elicitation rounds carried in its requestState,
// sampling, roots) reach a 2.x client as they are, and reach 1.x clients as real requests.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client as ModernClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { mcpgwBin, startSdk2Server, startTranslate, waitFor } from './lib/harness.mjs';
import { callTool, meta } from './lib/modern_upstream_checks.mjs';
import { startServe } from './lib/serve.mjs';

const answers = {
  elicit: (message) => ({ action: 'accept', content: /color/.test(message) ? { color: 'teal' } : { name: 'Ada' } }),
  sample: { role: 'assistant', content: { type: 'text', text: 'Lisbon' }, model: 'e2e', stopReason: 'endTurn' },
  roots: { roots: [{ uri: 'file:///work/sdk2', name: 'sdk2' }] },
};

/** Both clients' checks through a front ({ url, headers }). */
function roundChecks(front) {
  test('the server\'s own input_required and requestState reach a raw 2026-07-28 request unchanged', async () => {
    const first = await callTool(front(), 1, { name: 'greet', arguments: {}, _meta: meta({ elicitation: {} }) });
    assert.equal(first.json.result.resultType, 'input_required', JSON.stringify(first.json));
    assert.equal(first.json.result.requestState, 'need-name');
    assert.deepEqual(Object.keys(first.json.result.inputRequests), ['name']);
  });

  test('the 2.x client completes two elicitation rounds, a sampling round and a roots round', async () => {
    const client = new ModernClient({ name: 'sdk2-e2e', version: '2.0.0' },
      { capabilities: { sampling: {}, elicitation: { form: {} }, roots: {} }, versionNegotiation: { mode: 'auto' } });
    client.setRequestHandler('elicitation/create', async (r) => answers.elicit(r.params.message));
    client.setRequestHandler('sampling/createMessage', async () => answers.sample);
    client.setRequestHandler('roots/list', async () => answers.roots);
    await client.connect(new StreamableHTTPClientTransport(new URL(front().url), { requestInit: { headers: front().headers } }));
    try {
      assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      assert.equal((await client.callTool({ name: 'greet', arguments: {} })).content[0].text, 'Ada likes teal');
      assert.match((await client.callTool({ name: 'capital', arguments: {} })).content[0].text, /Lisbon/);
      assert.match((await client.callTool({ name: 'roots', arguments: {} })).content[0].text, /file:\/\/\/work\/sdk2/);
    } finally { await client.close(); }
  });

  test('a 1.x client answers the same rounds as real requests', async () => {
    const client = new LegacyClient({ name: 'legacy', version: '1' }, { capabilities: { sampling: {}, elicitation: {}, roots: {} } });
    const asked = [];
    client.setRequestHandler(ElicitRequestSchema, async (r) => { asked.push(r.params.message); return answers.elicit(r.params.message); });
    client.setRequestHandler(CreateMessageRequestSchema, async () => answers.sample);
    client.setRequestHandler(ListRootsRequestSchema, async () => answers.roots);
    await client.connect(new LegacyHttpTransport(new URL(front().url), { requestInit: { headers: front().headers } }));
    try {
      assert.equal((await client.callTool({ name: 'greet', arguments: {} })).content[0].text, 'Ada likes teal');
      assert.deepEqual(asked, ['Your name?', 'Your color?']);
      assert.match((await client.callTool({ name: 'capital', arguments: {} })).content[0].text, /Lisbon/);
      assert.match((await client.callTool({ name: 'roots', arguments: {} })).content[0].text, /file:\/\/\/work\/sdk2/);
    } finally { await client.close(); }
  });
}

let sdk2;
before(async () => { sdk2 = await startSdk2Server(); });
after(async () => { await sdk2?.stop(); });

describe('serve in front of the 2.x SDK server', () => {
  let gw;
  const front = {};
  before(async () => {
    gw = await startServe();
    const reg = await gw.api('POST', '/gateways', { name: 'sdk2', url: sdk2.url, tool_prefix: '' });
    assert.equal(reg.status, 201, reg.text);
    const tools = (await gw.api('GET', '/tools')).json;
    assert.deepEqual(tools.map((t) => t.name).sort(), ['capital', 'echo', 'greet', 'roots', 'slow']);
    const server = await gw.api('POST', '/servers', { server: { name: 'sdk2', associated_tools: tools.map((t) => t.id) } });
    assert.equal(server.status, 201, server.text);
    Object.assign(front, { url: `${gw.base}/servers/${server.json.id}/mcp`, headers: { Authorization: `Bearer ${gw.token}` } });
  });
  after(async () => { await gw?.stop(); });

  test('serve found the gateway modern', () => {
    assert.match(gw.stderr(), /shared_upstream_ready era=modern/);
  });
  roundChecks(() => front);

  test('a 2.x client that cancels a call has its stream to the gateway closed, which cancels it there', async () => {
    const client = new ModernClient({ name: 'canceller', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(front.url), { requestInit: { headers: front.headers } }));
    try {
      const controller = new AbortController();
      const call = client.callTool({ name: 'slow', arguments: {} }, { signal: controller.signal, timeout: 20000 });
      setTimeout(() => controller.abort('user cancelled'), 300);
      await assert.rejects(call, /cancel|abort/i);
      await waitFor(() => /slow cancelled/.test(sdk2.output()), 5000, 'the 2.x SDK server to see the cancel');
      assert.equal((await client.callTool({ name: 'echo', arguments: {} })).content[0].text, 'sdk2 echo');
    } finally { await client.close(); }
  });
});

describe('translate over translate --connect in front of the 2.x SDK server', () => {
  let gw;
  before(async () => { gw = await startTranslate(['--stdio', `${mcpgwBin} translate --connect ${sdk2.url}`]); });
  after(async () => { await gw?.stop(); });
  roundChecks(() => ({ url: `${gw.base}/mcp`, headers: {} }));
});

test('the wrapper gives a 1.x stdio client the 2.x SDK server\'s rounds as real requests', async () => {
  const client = new LegacyClient({ name: 'desktop', version: '1' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async (r) => answers.elicit(r.params.message));
  try {
    await client.connect(new StdioClientTransport({ command: mcpgwBin, args: ['wrapper', '--url', sdk2.url], stderr: 'ignore' }));
    assert.equal((await client.callTool({ name: 'greet', arguments: {} })).content[0].text, 'Ada likes teal');
  } finally { await client.close(); }
});
