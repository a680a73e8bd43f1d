// A 2026-07-28 client (@modelcontextprotocol/client 2.x) in front of a 2025-era stdio server
// (server-everything) through mcpgw translate: discover, stateless calls, input_required.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startTranslate, everythingStdio, waitFor } from './lib/harness.mjs';

describe('translate serves the stateless era in front of a legacy stdio server', () => {
  let gw, client;
  const sampled = [];
  const elicited = [];

  before(async () => {
    gw = await startTranslate(['--stdio', everythingStdio, '--log-level', 'debug']);
    client = new Client({ name: 'modern-e2e', version: '2.0.0' },
      { capabilities: { sampling: {}, elicitation: { form: {} } }, versionNegotiation: { mode: 'auto' } });
    client.setRequestHandler('sampling/createMessage', async (request) => {
      sampled.push(request.params);
      return { role: 'assistant', content: { type: 'text', text: 'modern sample' }, model: 'e2e', stopReason: 'endTurn' };
    });
    client.setRequestHandler('elicitation/create', async (request) => {
      elicited.push(request.params);
      return { action: 'accept', content: { name: 'Grace Hopper' } };
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`)));
  });
  after(async () => { await client?.close(); await gw?.stop(); });

  test('the client negotiates 2026-07-28 through server/discover', () => {
    assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
    assert.ok(client.getServerCapabilities()?.tools, 'capabilities come from the upstream');
    assert.ok(client.getServerVersion()?.name, 'server info comes from the upstream');
  });

  test('tools/list and tools/call work statelessly', async () => {
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'echo'));
    const r = await client.callTool({ name: 'echo', arguments: { message: 'stateless' } });
    assert.equal(r.content[0].text, 'Echo: stateless');
  });

  test('progress notifications ride the call\'s own response stream', async () => {
    const progress = [];
    const r = await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 3 } },
      { onprogress: (p) => progress.push(p), timeout: 20000 });
    assert.match(r.content[0].text, /completed/);
    assert.ok(progress.length >= 1, `progress seen: ${progress.length}`);
  });

  test('a sampling request becomes input_required and the retry completes the call', async () => {
    const r = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'what is 6x7', maxTokens: 10 } });
    assert.equal(sampled.length, 1);
    assert.match(JSON.stringify(sampled[0]), /what is 6x7/);
    assert.match(JSON.stringify(r.content), /modern sample/);
  });

  test('an elicitation request round-trips the same way', async () => {
    const r = await client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
    assert.ok(elicited.length >= 1);
    assert.match(JSON.stringify(r.content), /Grace Hopper/);
  });

  test('resources and prompts', async () => {
    const { resources } = await client.listResources();
    assert.ok(resources.length > 0);
    const read = await client.readResource({ uri: resources[0].uri });
    assert.equal(read.contents[0].uri, resources[0].uri);
    const { prompts } = await client.listPrompts();
    assert.ok(prompts.length > 0);
  });

  test('aborting a call closes its stream, which cancels it upstream', async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } },
      { signal: controller.signal, timeout: 20000 });
    setTimeout(() => controller.abort('user cancelled'), 300);
    await assert.rejects(call, /cancel|abort/i);
    await waitFor(() => /event=modern_cancel method=tools\/call/.test(gw.stderr()), 3000, 'the upstream cancel');
    const r = await client.callTool({ name: 'echo', arguments: { message: 'after cancel' } });
    assert.equal(r.content[0].text, 'Echo: after cancel');
  });

  test('concurrent calls from two modern clients are never crossed', async () => {
    const other = new Client({ name: 'modern-2', version: '1' }, { versionNegotiation: { mode: 'auto' } });
    await other.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`)));
    const calls = [];
    for (let i = 0; i < 10; i++) {
      calls.push(client.callTool({ name: 'echo', arguments: { message: `a${i}` } }).then((r) => [`a${i}`, r]));
      calls.push(other.callTool({ name: 'echo', arguments: { message: `b${i}` } }).then((r) => [`b${i}`, r]));
    }
    for (const [m, r] of await Promise.all(calls)) assert.equal(r.content[0].text, `Echo: ${m}`);
    await other.close();
  });
});

test('a 2.x client left in its default legacy mode still works through the same endpoint', async () => {
  const gw = await startTranslate(['--stdio', everythingStdio]);
  try {
    const client = new Client({ name: 'legacy-mode', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`)));
    assert.equal(client.getNegotiatedProtocolVersion(), '2025-11-25');
    const r = await client.callTool({ name: 'echo', arguments: { message: 'legacy' } });
    assert.equal(r.content[0].text, 'Echo: legacy');
    await client.close();
  } finally { await gw.stop(); }
});

describe('modern HTTP rules', () => {
  let gw;
  before(async () => { gw = await startTranslate(['--stdio', everythingStdio]); });
  after(async () => { await gw?.stop(); });

  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' } };
  const post = async (body, headers) => {
    const res = await fetch(`${gw.base}/mcp`, { method: 'POST', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } });
    return { status: res.status, json: await res.json().catch(() => undefined) };
  };

  test('a mismatched Mcp-Name header gets 400 and -32020', async () => {
    const r = await post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { _meta: meta, name: 'echo', arguments: { message: 'x' } } },
      { 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/call', 'Mcp-Name': 'not-echo' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, -32020);
  });

  test('an unknown revision gets 400 and -32022 with the supported list', async () => {
    const r = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: { ...meta, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } } },
      { 'MCP-Protocol-Version': '2099-01-01', 'Mcp-Method': 'tools/list' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, -32022);
    assert.ok(r.json.error.data.supported.includes('2026-07-28'));
  });

  test('ping no longer exists: 404 and -32601', async () => {
    const r = await post({ jsonrpc: '2.0', id: 3, method: 'ping', params: { _meta: meta } },
      { 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'ping' });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, -32601);
  });

  test('list results carry resultType and cache hints; base64 Mcp-Name is decoded', async () => {
    const list = await post({ jsonrpc: '2.0', id: 4, method: 'tools/list', params: { _meta: meta } },
      { 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/list' });
    assert.equal(list.json.result.resultType, 'complete');
    assert.equal(typeof list.json.result.ttlMs, 'number');
    assert.ok(['public', 'private'].includes(list.json.result.cacheScope));
    const encoded = `=?base64?${Buffer.from('echo').toString('base64')}?=`;
    const call = await post({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { _meta: meta, name: 'echo', arguments: { message: 'b64' } } },
      { 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/call', 'Mcp-Name': encoded });
    assert.equal(call.status, 200);
    assert.equal(call.json.result.content[0].text, 'Echo: b64');
  });

  test('GET on the endpoint is 405 for the stateless era', async () => {
    const res = await fetch(`${gw.base}/mcp`, { headers: { Accept: 'text/event-stream', 'MCP-Protocol-Version': '2026-07-28' } });
    assert.equal(res.status, 405);
  });
});
