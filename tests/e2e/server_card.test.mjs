// Server cards (SEP-2127): what a registry or client reads before connecting, for the whole
// gateway and for each virtual server, at /.well-known/mcp/server-card.json and beside the
// streamable HTTP endpoint (<endpoint>/server-card). A client then connects with what the
// card says.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startServe } from './lib/serve.mjs';

describe('server cards', () => {
  let gw, server;
  before(async () => {
    gw = await startServe();
    const p = await gw.api('POST', '/prompts', { name: 'hello', template: 'Hello {{ who }}', arguments: [{ name: 'who' }] });
    assert.equal(p.status, 201, p.text);
    const s = await gw.api('POST', '/servers', { name: 'Team Tools', description: 'What the team uses',
      associated_prompts: [p.json.id] });
    assert.equal(s.status, 201, s.text);
    server = s.json;
  });
  after(async () => { await gw?.stop(); });

  const card = async (path, headers = {}) => {
    const r = await fetch(`${gw.base}${path}`, { headers });
    return { status: r.status, type: r.headers.get('content-type'), cache: r.headers.get('cache-control'),
      json: r.status === 200 ? await r.json() : await r.text() };
  };

  test('the whole gateway has a card, without a token, in the v2 schema shape', async () => {
    const r = await card('/.well-known/mcp/server-card.json');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/mcp-server-card+json');
    assert.match(r.cache, /max-age=/);
    assert.equal(r.json.$schema, 'https://static.modelcontextprotocol.io/schemas/v2/server-card.schema.json');
    assert.match(r.json.name, /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
    assert.ok(r.json.version && r.json.description.length >= 1 && r.json.description.length <= 100);
    const [http, sse] = r.json.remotes;
    assert.deepEqual([http.type, http.url], ['streamable-http', `${gw.base}/mcp`]);
    assert.deepEqual([sse.type, sse.url], ['sse', `${gw.base}/sse`]);
    assert.ok(http.supportedProtocolVersions.includes('2025-11-25'));
    assert.ok(http.supportedProtocolVersions.includes('2026-07-28'));
    assert.deepEqual(http.headers, [{ name: 'Authorization', description: 'Bearer token the gateway accepts (mcpgw token)',
      isRequired: true, isSecret: true }]);
  });

  test("a virtual server's card names it and its endpoints, at both locations", async () => {
    const a = await card(`/servers/${server.id}/.well-known/mcp/server-card.json`);
    const b = await card(`/servers/${server.id}/mcp/server-card`);
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, b.json);
    assert.equal(a.json.title, 'Team Tools');
    assert.equal(a.json.description, 'What the team uses');
    assert.match(a.json.name, /\/team-tools$/);
    assert.equal(a.json.remotes[0].url, `${gw.base}/servers/${server.id}/mcp`);
  });

  test('a client connects with what the card says and finds the server behind it', async () => {
    const { json } = await card(`/servers/${server.id}/mcp/server-card`);
    const client = new LegacyClient({ name: 'card', version: '1.0.0' });
    await client.connect(new LegacyHttpTransport(new URL(json.remotes[0].url),
      { requestInit: { headers: { [json.remotes[0].headers[0].name]: `Bearer ${gw.token}` } } }));
    assert.deepEqual((await client.listPrompts()).prompts.map((p) => p.name), ['hello']);
    await client.close();
  });

  test('unknown and disabled servers have no card; other paths stay 404', async () => {
    assert.equal((await card('/servers/nope/.well-known/mcp/server-card.json')).status, 404);
    const off = await gw.api('POST', `/servers/${server.id}/state?activate=false`);
    assert.equal(off.status, 200, off.text);
    assert.equal((await card(`/servers/${server.id}/mcp/server-card`)).status, 404);
    await gw.api('POST', `/servers/${server.id}/state?activate=true`);
    assert.equal((await card('/.well-known/mcp/other.json')).status, 401);
    assert.equal((await fetch(`${gw.base}/.well-known/mcp/server-card.json`, { method: 'POST' })).status, 405);
  });
});
