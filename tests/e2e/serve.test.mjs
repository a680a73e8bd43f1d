// mcpgw serve federating server-everything over stdio, streamable HTTP and SSE plus the
// conformance fixture, with a virtual server that SDK clients (1.x legacy, 2.x modern) use
// through /servers/<id>/mcp and /servers/<id>/sse; the catalog survives a restart.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import * as modern from '@modelcontextprotocol/client';
import { everythingStdio, startEverythingHttp } from './lib/harness.mjs';
import { conformanceFixture } from './lib/wrapper.mjs';
import { startServe } from './lib/serve.mjs';

function legacyClient(sampled) {
  const client = new Client({ name: 'serve-e2e', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    sampled.push(request.params);
    return { role: 'assistant', content: { type: 'text', text: 'sampled through serve' }, model: 'e2e' };
  });
  return client;
}

describe('serve federates upstreams into virtual servers', () => {
  let gw, httpUp, sseUp, server;
  const ids = {};

  before(async () => {
    httpUp = await startEverythingHttp('streamableHttp');
    sseUp = await startEverythingHttp('sse');
    gw = await startServe();
  });
  after(async () => {
    await gw?.stop();
    await httpUp?.stop();
    await sseUp?.stop();
  });

  test('registers server-everything as a stdio command, over streamable HTTP and over SSE', async () => {
    const stdio = await gw.api('POST', '/gateways', { name: 'ev stdio', command: everythingStdio });
    assert.equal(stdio.status, 201, stdio.text);
    assert.equal(stdio.json.transport, 'STDIO');
    assert.equal(stdio.json.slug, 'ev-stdio');
    ids.stdio = stdio.json.id;

    const http = await gw.api('POST', '/gateways', {
      name: 'ev-http', url: httpUp.url, transport: 'STREAMABLEHTTP', auth_type: 'bearer', auth_token: 'upstream-secret',
    });
    assert.equal(http.status, 201, http.text);
    assert.equal(http.json.authValue, '*****', 'credentials are never returned in clear');
    assert.ok(!http.text.includes('upstream-secret'));
    ids.http = http.json.id;

    // ContextForge's shape: no transport given, a /sse URL means SSE.
    const sse = await gw.api('POST', '/v1/gateways', { name: 'ev-sse', url: sseUp.url });
    assert.equal(sse.status, 201, sse.text);
    assert.equal(sse.json.transport, 'SSE');
    ids.sse = sse.json.id;

    const fixture = await gw.api('POST', '/gateways', { name: 'conformance', command: conformanceFixture, tool_prefix: 'cf' });
    assert.equal(fixture.status, 201, fixture.text);
    ids.fixture = fixture.json.id;
    assert.ok(!gw.stderr().includes('upstream-secret'), 'the upstream token is not logged');
  });

  test('GET /tools shows every upstream tool under its prefixed name, with the mapping', async () => {
    const tools = await gw.api('GET', '/tools');
    assert.equal(tools.status, 200);
    const names = tools.json.map((t) => t.name);
    for (const prefix of ['ev-stdio', 'ev-http', 'ev-sse']) assert.ok(names.includes(`${prefix}-echo`), names.join());
    assert.ok(names.some((n) => n.startsWith('cf-')), 'the fixture kept its own prefix');
    const echo = tools.json.find((t) => t.name === 'ev-http-echo');
    assert.equal(echo.originalName, 'echo');
    assert.equal(echo.gatewayId, ids.http);
    assert.ok(tools.json.every((t) => t.name.length <= 64));
    const filtered = await gw.api('GET', `/tools?gateway_id=${ids.sse}`);
    assert.ok(filtered.json.length > 0 && filtered.json.every((t) => t.gatewayId === ids.sse));
  });

  test('lists paginate with limit, cursor and include_pagination', async () => {
    const all = (await gw.api('GET', '/tools')).json;
    const seen = [];
    let cursor = '';
    for (let i = 0; i < 100; i++) {
      const page = await gw.api('GET', `/tools?limit=7&include_pagination=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200, page.text);
      assert.ok(page.json.tools.length <= 7);
      seen.push(...page.json.tools.map((t) => t.id));
      if (!page.json.nextCursor) break;
      cursor = page.json.nextCursor;
    }
    assert.deepEqual(seen, all.map((t) => t.id));
    const resources = await gw.api('GET', '/resources?limit=0');
    assert.ok(resources.json.length > 0);
    const prompts = await gw.api('GET', '/prompts');
    assert.ok(prompts.json.some((p) => p.name === 'ev-stdio-simple-prompt'), JSON.stringify(prompts.json.map((p) => p.name)));
  });

  test('a virtual server bundles chosen tools, by id or by name', async () => {
    const tools = (await gw.api('GET', '/tools')).json;
    const byName = (n) => tools.find((t) => t.name === n).id;
    const created = await gw.api('POST', '/servers', {
      server: {
        name: 'bundle',
        description: 'chosen tools',
        associated_tools: [byName('ev-http-echo'), 'ev-stdio-trigger-long-running-operation',
          'ev-sse-trigger-sampling-request', 'ev-sse-echo'],
        associated_prompts: ['ev-stdio-simple-prompt'],
      },
    });
    assert.equal(created.status, 201, created.text);
    server = created.json;
    assert.equal(server.associatedTools.length, 4);
    const listed = await gw.api('GET', `/servers/${server.id}/tools`);
    assert.deepEqual(listed.json.map((t) => t.name).sort(),
      ['ev-http-echo', 'ev-sse-echo', 'ev-sse-trigger-sampling-request', 'ev-stdio-trigger-long-running-operation']);
  });

  test('the SDK 1.x client uses the virtual server over streamable HTTP: list, call, progress, sampling, prompts', async () => {
    const sampled = [];
    const client = legacyClient(sampled);
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/servers/${server.id}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, 4, tools.map((t) => t.name).join());
      const echo = await client.callTool({ name: 'ev-http-echo', arguments: { message: 'via serve' } });
      assert.equal(echo.content[0].text, 'Echo: via serve');
      const progress = [];
      const long = await client.callTool({ name: 'ev-stdio-trigger-long-running-operation', arguments: { duration: 1, steps: 3 } },
        undefined, { onprogress: (p) => progress.push(p), timeout: 20000 });
      assert.match(long.content[0].text, /completed/);
      assert.ok(progress.length >= 1, 'progress crossed the gateway');
      const s = await client.callTool({ name: 'ev-sse-trigger-sampling-request', arguments: { prompt: 'six times seven', maxTokens: 5 } });
      assert.equal(sampled.length, 1);
      assert.match(JSON.stringify(s.content), /sampled through serve/);
      const prompt = await client.getPrompt({ name: 'ev-stdio-simple-prompt' });
      assert.ok(prompt.messages.length > 0);
      await assert.rejects(client.callTool({ name: 'ev-stdio-echo', arguments: { message: 'x' } }), /Unknown tool/,
        'tools outside the virtual server are not callable through it');
    } finally {
      await client.close();
    }
  });

  test('the SDK 1.x client uses the virtual server over legacy SSE: list, call, progress, sampling', async () => {
    const sampled = [];
    const client = legacyClient(sampled);
    const headers = { Authorization: `Bearer ${gw.token}` };
    await client.connect(new SSEClientTransport(new URL(`${gw.base}/servers/${server.id}/sse`),
      { requestInit: { headers }, eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, ...headers } }) } }));
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, 4);
      const r = await client.callTool({ name: 'ev-sse-echo', arguments: { message: 'sse hop' } });
      assert.equal(r.content[0].text, 'Echo: sse hop');
      const progress = [];
      const long = await client.callTool({ name: 'ev-stdio-trigger-long-running-operation', arguments: { duration: 1, steps: 2 } },
        undefined, { onprogress: (p) => progress.push(p), timeout: 20000 });
      assert.match(long.content[0].text, /completed/);
      assert.ok(progress.length >= 1, 'progress on the SSE stream');
      const s = await client.callTool({ name: 'ev-sse-trigger-sampling-request', arguments: { prompt: 'over sse', maxTokens: 5 } });
      assert.equal(sampled.length, 1);
      assert.match(JSON.stringify(s.content), /sampled through serve/);
    } finally {
      await client.close();
    }
  });

  test('the 2.x client speaks 2026-07-28 to the virtual server, sampling included', async () => {
    const client = new modern.Client({ name: 'serve-modern', version: '2.0.0' },
      { capabilities: { sampling: {} }, versionNegotiation: { mode: 'auto' } });
    const sampled = [];
    client.setRequestHandler('sampling/createMessage', async (request) => {
      sampled.push(request.params);
      return { role: 'assistant', content: { type: 'text', text: 'modern answer' }, model: 'e2e', stopReason: 'endTurn' };
    });
    await client.connect(new modern.StreamableHTTPClientTransport(new URL(`${gw.base}/servers/${server.id}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
    try {
      assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      const { tools } = await client.listTools();
      assert.equal(tools.length, 4);
      const r = await client.callTool({ name: 'ev-http-echo', arguments: { message: 'modern' } });
      assert.equal(r.content[0].text, 'Echo: modern');
      // The upstream's sampling request becomes input_required for this stateless client.
      const s = await client.callTool({ name: 'ev-sse-trigger-sampling-request', arguments: { prompt: 'modern question', maxTokens: 5 } });
      assert.equal(sampled.length, 1);
      assert.match(JSON.stringify(sampled[0]), /modern question/);
      assert.match(JSON.stringify(s.content), /modern answer/);
    } finally {
      await client.close();
    }
  });

  test('/mcp serves every tool and /rpc answers plain JSON-RPC', async () => {
    const client = legacyClient([]);
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
    const { tools } = await client.listTools();
    const all = [];
    let cursor;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      all.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    assert.ok(all.length >= tools.length && all.length === (await gw.api('GET', '/tools')).json.length);
    await client.close();
    const rpc = await gw.api('POST', '/rpc', { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'ev-stdio-echo', arguments: { message: 'rpc' } } });
    assert.equal(rpc.status, 200);
    assert.equal(rpc.json.id, 7);
    assert.equal(rpc.json.result.content[0].text, 'Echo: rpc');
  });

  test('two clients sampling at once through one pooled upstream each answer their own request', async () => {
    const connect = async (label, seen) => {
      const client = new Client({ name: label, version: '1.0.0' }, { capabilities: { sampling: {} } });
      client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
        seen.push(request.params);
        await new Promise((r) => setTimeout(r, 200));
        return { role: 'assistant', content: { type: 'text', text: `answer from ${label}` }, model: 'e2e' };
      });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`),
        { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
      return client;
    };
    const seenA = [];
    const seenB = [];
    const a = await connect('A', seenA);
    const b = await connect('B', seenB);
    try {
      const call = (client, prompt) => client.callTool({ name: 'ev-http-trigger-sampling-request', arguments: { prompt, maxTokens: 5 } });
      const [ra, rb] = await Promise.all([call(a, 'question of A'), call(b, 'question of B')]);
      assert.match(JSON.stringify(ra.content), /answer from A/);
      assert.match(JSON.stringify(rb.content), /answer from B/);
      assert.equal(seenA.length, 1);
      assert.equal(seenB.length, 1);
      assert.match(JSON.stringify(seenA[0]), /question of A/);
      assert.ok(!JSON.stringify(seenA[0]).includes('mcpgw/'), 'the routing mark never reaches clients');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('metrics count the calls per tool', async () => {
    const m = await gw.api('GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.text, /mcpgw_tool_calls_total\{tool="ev-http-echo"\} [1-9]/);
    assert.match(m.text, /mcpgw_tool_call_duration_seconds_bucket\{tool="ev-http-echo",le="\+Inf"\}/);
    assert.match(m.text, /mcpgw_gateway_up\{gateway="ev-sse"\} 1/);
  });

  test('after a restart the catalog and the virtual server are intact and work', async () => {
    const before = (await gw.api('GET', '/tools')).json.map((t) => `${t.id} ${t.name}`).sort();
    const dir = gw.dir;
    assert.equal(await gw.stop(), 0, 'SIGTERM exits 0');
    gw = await startServe({ dir });
    const after = (await gw.api('GET', '/tools')).json.map((t) => `${t.id} ${t.name}`).sort();
    assert.deepEqual(after, before);
    const s = await gw.api('GET', `/servers/${server.id}`);
    assert.equal(s.status, 200);
    const rpc = await gw.api('POST', '/rpc', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ev-http-echo', arguments: { message: 'again' } } });
    assert.equal(rpc.json.result?.content?.[0]?.text, 'Echo: again', rpc.text);
  });
});
