// Resources kept in the gateway: POST /resources with text or base64 content, read by MCP
// clients through a virtual server, and a PUT reaching subscribers as
// notifications/resources/updated (1.x: resources/subscribe; 2.x: subscriptions/listen).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ModernClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { waitFor } from './lib/harness.mjs';
import { startServe } from './lib/serve.mjs';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]).toString('base64');

describe('resources kept in the gateway', () => {
  let gw, client, serverId, notes, logo;
  const headers = () => ({ requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } });
  before(async () => {
    gw = await startServe();
    const a = await gw.api('POST', '/resources', { uri: 'notes://team/readme.md', name: 'readme', description: 'team notes',
      content: '# Team\nhello' });
    assert.equal(a.status, 201, a.text);
    notes = a.json;
    const b = await gw.api('POST', '/resources', { uri: 'file:///assets/logo.png', name: 'logo', blob: png });
    assert.equal(b.status, 201, b.text);
    logo = b.json;
    const server = await gw.api('POST', '/servers', { name: 'docs', associated_resources: [notes.id, logo.id] });
    assert.equal(server.status, 201, server.text);
    serverId = server.json.id;
    client = new LegacyClient({ name: 'res-e2e', version: '1.0.0' });
    await client.connect(new LegacyHttpTransport(new URL(`${gw.base}/servers/${serverId}/mcp`), headers()));
  });
  after(async () => { await client?.close(); await gw?.stop(); });

  test('the MIME type comes from the URI and the size from the content', () => {
    assert.equal(notes.mimeType, 'text/markdown');
    assert.equal(notes.size, 12);
    assert.equal(logo.mimeType, 'image/png');
    assert.equal(logo.size, 12);
  });

  test('a 1.x client lists and reads text and binary resources', async () => {
    const listed = (await client.listResources()).resources;
    assert.deepEqual(listed.map((r) => r.uri).sort(), ['file:///assets/logo.png', 'notes://team/readme.md']);
    const text = await client.readResource({ uri: 'notes://team/readme.md' });
    assert.deepEqual(text.contents, [{ uri: 'notes://team/readme.md', mimeType: 'text/markdown', text: '# Team\nhello' }]);
    const bin = await client.readResource({ uri: 'file:///assets/logo.png' });
    assert.equal(bin.contents[0].blob, png);
    assert.equal(bin.contents[0].mimeType, 'image/png');
    await assert.rejects(client.readResource({ uri: 'notes://team/other.md' }), /not found/i);
  });

  test('a PUT reaches a subscribed 1.x client as notifications/resources/updated, and the next read has it', async () => {
    const updates = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updates.push(n.params.uri));
    await client.subscribeResource({ uri: 'notes://team/readme.md' });
    const put = await gw.api('PUT', `/resources/${notes.id}`, { content: '# Team\nupdated' });
    assert.equal(put.status, 200, put.text);
    await waitFor(() => updates.length > 0, 5000, 'the update notification');
    assert.deepEqual(updates, ['notes://team/readme.md']);
    const again = await client.readResource({ uri: 'notes://team/readme.md' });
    assert.equal(again.contents[0].text, '# Team\nupdated');
    // Another resource, not subscribed to, changes silently; after unsubscribing, so does this one.
    await gw.api('PUT', `/resources/${logo.id}`, { blob: png });
    await client.unsubscribeResource({ uri: 'notes://team/readme.md' });
    await gw.api('PUT', `/resources/${notes.id}`, { content: 'third' });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(updates, ['notes://team/readme.md']);
  });

  test('a 2.x client reads and gets updates through subscriptions/listen', async () => {
    const modern = new ModernClient({ name: 'res-e2e-2', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await modern.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/servers/${serverId}/mcp`), headers()));
    try {
      const read = await modern.readResource({ uri: 'notes://team/readme.md' });
      assert.equal(read.contents[0].text, 'third');
      const updates = [];
      modern.setNotificationHandler('notifications/resources/updated', (n) => updates.push(n.params.uri));
      const sub = await modern.listen({ resourceSubscriptions: ['notes://team/readme.md'] });
      await gw.api('PUT', `/resources/${logo.id}`, { blob: png });
      await gw.api('PUT', `/resources/${notes.id}`, { content: 'fourth' });
      await waitFor(() => updates.length > 0, 5000, 'the update on the listen stream');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(updates, ['notes://team/readme.md'], 'only the URI it listens for');
      await sub.close();
    } finally { await modern.close(); }
  });

  test('bad resources get 422 naming the field, and nothing is stored', async () => {
    const before = (await gw.api('GET', '/resources')).json.length;
    const bad = [
      [{ name: 'x', content: 'x' }, /uri/],
      [{ uri: 'not a uri', content: 'x' }, /uri/],
      [{ uri: 'notes://a\r\nb', content: 'x' }, /uri/],
      [{ uri: 'notes://x' }, /content is required/],
      [{ uri: 'notes://x', content: 5 }, /content must be a string/],
      [{ uri: 'notes://x', blob: 'not base64!' }, /blob must be base64/],
      [{ uri: 'notes://x', content: 'a', blob: png }, /not both/],
      [{ uri: 'notes://team/readme.md', content: 'dup' }, /taken|conflict/],
    ];
    for (const [body, why] of bad) {
      const r = await gw.api('POST', '/resources', body);
      assert.ok(r.status === 422 || r.status === 409, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.match(r.json.detail, why, JSON.stringify(body));
    }
    assert.equal((await gw.api('PUT', `/resources/${notes.id}`, { uri: 'notes://moved' })).status, 422);
    assert.equal((await gw.api('GET', '/resources')).json.length, before);
  });

  test('DELETE removes a resource from lists and reads', async () => {
    const tmp = await gw.api('POST', '/resources', { uri: 'notes://tmp.txt', content: 'temporary' });
    assert.equal(tmp.status, 201, tmp.text);
    assert.equal(tmp.json.mimeType, 'text/plain');
    const rpc = async () => (await fetch(`${gw.base}/rpc`, { method: 'POST',
      headers: { Authorization: `Bearer ${gw.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'notes://tmp.txt' } }) })).json();
    assert.equal((await rpc()).result.contents[0].text, 'temporary');
    assert.equal((await gw.api('DELETE', `/resources/${tmp.json.id}`)).status, 200);
    assert.equal((await rpc()).error?.code, -32002);
  });

  test('a resource template kept in the gateway fills its {name}s from the URI read', async () => {
    const a = await gw.api('POST', '/resources', { uri_template: 'notes://team/{member}.md', name: 'member notes',
      description: 'notes per member', content: '# Notes of {member}\n' });
    assert.equal(a.status, 201, a.text);
    assert.equal(a.json.uriTemplate, 'notes://team/{member}.md');
    assert.equal(a.json.mimeType, 'text/markdown');
    const b = await gw.api('POST', '/resources', { uri: 'users://{org}/{id}/profile', content: '{"org":"{org}","id":"{id}"}',
      mime_type: 'application/json' });
    assert.equal(b.status, 201, b.text);
    const templates = (await client.listResourceTemplates()).resourceTemplates;
    assert.deepEqual(templates.map((t) => t.uriTemplate).sort(), ['notes://team/{member}.md', 'users://{org}/{id}/profile']);
    // notes://team/readme.md is a resource of its own: it wins over the template.
    assert.doesNotMatch((await client.readResource({ uri: 'notes://team/readme.md' })).contents[0].text, /Notes of/);
    assert.deepEqual((await client.readResource({ uri: 'notes://team/ann.md' })).contents,
      [{ uri: 'notes://team/ann.md', mimeType: 'text/markdown', text: '# Notes of ann\n' }]);
    assert.deepEqual(JSON.parse((await client.readResource({ uri: 'users://acme/42/profile' })).contents[0].text),
      { org: 'acme', id: '42' });
    await assert.rejects(client.readResource({ uri: 'notes://team/a/b.md' }), /not found/i);
    await assert.rejects(client.readResource({ uri: 'users://acme/42' }), /not found/i);

    const put = await gw.api('PUT', `/resources/templates/${a.json.id}`, { content: 'Hi {member}' });
    assert.equal(put.status, 200, put.text);
    assert.equal((await gw.api('GET', `/resources/templates/${a.json.id}`)).json.content, 'Hi {member}');
    assert.equal((await client.readResource({ uri: 'notes://team/bo.md' })).contents[0].text, 'Hi bo');

    const exported = (await gw.api('GET', '/export?types=resources')).json;
    const entity = exported.entities.resources.find((e) => e.uri_template === 'users://{org}/{id}/profile');
    assert.equal(entity.content, '{"org":"{org}","id":"{id}"}');
    const again = await gw.api('POST', '/import', { import_data: exported, conflict_strategy: 'update', dry_run: true });
    assert.equal(again.status, 200, again.text);
    assert.ok(JSON.stringify(again.json).includes('unchanged'));

    assert.equal((await gw.api('DELETE', `/resources/templates/${b.json.id}`)).status, 200);
    await assert.rejects(client.readResource({ uri: 'users://acme/42/profile' }), /not found/i);
  });

  test('bad resource templates get 422 naming the problem, and nothing is stored', async () => {
    const before = (await gw.api('GET', '/resources/templates')).json.length;
    const bad = [
      [{ uri_template: 'notes://{+path}', content: 'x' }, /simple variable/],
      [{ uri_template: 'notes://{a}{b}', content: 'x' }, /in a row/],
      [{ uri_template: 'notes://{a', content: 'x' }, /without '}'/],
      [{ uri_template: 'notes://plain', content: 'x' }, /no \{variable\}/],
      [{ uri_template: 'no scheme/{x}', content: 'x' }, /absolute URI/],
      [{ uri_template: 'notes://{x}' }, /content is required/],
      [{ uri_template: 'notes://{x}', blob: png }, /blob/],
    ];
    for (const [body, why] of bad) {
      const r = await gw.api('POST', '/resources', body);
      assert.equal(r.status, 422, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.match(r.json.detail, why, JSON.stringify(body));
    }
    assert.equal((await gw.api('GET', '/resources/templates')).json.length, before);
    assert.equal((await gw.api('PUT', '/resources/templates/ffffffffffffffffffffffffffffffff', { content: 'x' })).status, 404);
  });
});
