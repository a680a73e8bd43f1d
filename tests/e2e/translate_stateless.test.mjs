// translate --stateless: no sessions; legacy clients share one child that mcpgw initializes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { startTranslate, everythingStdio } from './lib/harness.mjs';

describe('translate --stateless', () => {
  let gw;
  const clients = [];
  before(async () => { gw = await startTranslate(['--stdio', everythingStdio, '--stateless']); });
  after(async () => {
    for (const c of clients) await c.close().catch(() => {});
    await gw?.stop();
  });

  async function connect(name) {
    const client = new Client({ name, version: '1' }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async () => (
      { role: 'assistant', content: { type: 'text', text: `sampled for ${name}` }, model: 'm', stopReason: 'endTurn' }));
    const transport = new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`));
    await client.connect(transport);
    clients.push(client);
    return { client, transport };
  }

  test('no session id is issued and initialize is answered', async () => {
    const { client, transport } = await connect('one');
    assert.equal(transport.sessionId, undefined);
    assert.match(client.getServerVersion().name, /everything/);
  });

  test('calls, progress and sampling work, and two clients share one child', async () => {
    const [{ client: a }, { client: b }] = [await connect('a'), await connect('b')];
    const [ra, rb] = await Promise.all([
      a.callTool({ name: 'echo', arguments: { message: 'from a' } }),
      b.callTool({ name: 'echo', arguments: { message: 'from b' } }),
    ]);
    assert.equal(ra.content[0].text, 'Echo: from a');
    assert.equal(rb.content[0].text, 'Echo: from b');
    const progress = [];
    const long = await a.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.6, steps: 3 } },
      undefined, { onprogress: (p) => progress.push(p), timeout: 20000 });
    assert.match(long.content[0].text, /completed/);
    assert.ok(progress.length >= 1);
    const s = await b.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'q', maxTokens: 5 } });
    assert.match(JSON.stringify(s.content), /sampled for b/);
    const children = gw.stderr().match(/child_start/g) ?? [];
    assert.equal(children.length, 1, 'one shared child');
  });

  test('a cancelled request is retired: the upstream stops, no answer follows, its id is free again', async () => {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const post = (message) => fetch(`${gw.base}/mcp`, { method: 'POST', headers, body: JSON.stringify(message) });
    const long = { jsonrpc: '2.0', id: 41, method: 'tools/call',
      params: { name: 'trigger-long-running-operation', arguments: { duration: 8, steps: 4 } } };
    const started = Date.now();
    const pending = post(long).then(async (r) => ({ status: r.status, text: await r.text() }));
    await new Promise((r) => setTimeout(r, 300));
    const cancel = await post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 41, reason: 'user' } });
    assert.equal(cancel.status, 202);
    const ended = await pending;
    assert.ok(Date.now() - started < 4000, `the cancelled request ended after ${Date.now() - started} ms`);
    assert.doesNotMatch(ended.text, /"result"|"error"/, ended.text);
    const echo = await post({ jsonrpc: '2.0', id: 41, method: 'tools/call', params: { name: 'echo', arguments: { message: 'again' } } });
    assert.match(await echo.text(), /Echo: again/);
  });

  test('a cancel that could mean two clients\' requests (same id, no token to tell them apart) stops neither', async () => {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const post = (message) => fetch(`${gw.base}/mcp`, { method: 'POST', headers, body: JSON.stringify(message) });
    const call = { jsonrpc: '2.0', id: 'same', method: 'tools/call',
      params: { name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 2 } } };
    const both = [post(call), post(call)].map((p) => p.then((r) => r.text()));
    await new Promise((r) => setTimeout(r, 200));
    await post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'same' } });
    for (const text of await Promise.all(both)) assert.match(text, /completed/);
  });

  test('GET and DELETE are not offered', async () => {
    const get = await fetch(`${gw.base}/mcp`, { headers: { Accept: 'text/event-stream' } });
    assert.equal(get.status, 405);
    const del = await fetch(`${gw.base}/mcp`, { method: 'DELETE' });
    assert.equal(del.status, 405);
  });
});
