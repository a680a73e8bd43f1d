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

  test('GET and DELETE are not offered', async () => {
    const get = await fetch(`${gw.base}/mcp`, { headers: { Accept: 'text/event-stream' } });
    assert.equal(get.status, 405);
    const del = await fetch(`${gw.base}/mcp`, { method: 'DELETE' });
    assert.equal(del.status, 405);
  });
});
