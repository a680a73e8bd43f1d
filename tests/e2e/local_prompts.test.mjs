// Prompts kept in the gateway: POST /prompts with a Jinja template, rendered by serve for MCP
// clients (SDK 1.x and 2.x, through a virtual server) and for POST /prompts/{id}; every change
// keeps the version before it, and a rollback brings one back.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ModernClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { mintToken, startServe } from './lib/serve.mjs';

const review = {
  name: 'code_review',
  description: 'Review code in a language',
  template: 'Review this {{ language | default("code") }} code{% if focus %}, focusing on {{ focus | join(", ") }}{% endif %}:\n'
    + '{% for line in lines %}{{ loop.index }}: {{ line }}\n{% endfor %}{{ code }}',
  arguments: [
    { name: 'code', description: 'the code', required: true },
    { name: 'language', description: 'its language' },
    { name: 'focus' }, { name: 'lines' },
  ],
  tags: ['dev'],
};

describe('prompts kept in the gateway', () => {
  let gw, client, serverId, promptId;
  before(async () => {
    gw = await startServe();
    const created = await gw.api('POST', '/prompts', review);
    assert.equal(created.status, 201, created.text);
    promptId = created.json.id;
    assert.equal(created.json.version, 1);
    const server = await gw.api('POST', '/servers', { name: 'prompts', associated_prompts: ['code_review'] });
    assert.equal(server.status, 201, server.text);
    serverId = server.json.id;
    client = new LegacyClient({ name: 'prompts-e2e', version: '1.0.0' });
    await client.connect(new LegacyHttpTransport(new URL(`${gw.base}/servers/${serverId}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
  });
  after(async () => { await client?.close(); await gw?.stop(); });

  test('a 1.x client lists the prompt with its arguments and gets it rendered', async () => {
    const listed = (await client.listPrompts()).prompts;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].name, 'code_review');
    assert.deepEqual(listed[0].arguments.map((a) => [a.name, a.required ?? false]),
      [['code', true], ['language', false], ['focus', false], ['lines', false]]);
    const got = await client.getPrompt({ name: 'code_review', arguments: { code: 'x = 1', language: 'Python' } });
    assert.equal(got.description, 'Review code in a language');
    assert.equal(got.messages.length, 1);
    assert.equal(got.messages[0].role, 'user');
    assert.equal(got.messages[0].content.text, 'Review this Python code:\nx = 1');
    const plain = await client.getPrompt({ name: 'code_review', arguments: { code: 'y' } });
    assert.equal(plain.messages[0].content.text, 'Review this code code:\ny');
  });

  test('a missing required argument is -32602 naming it', async () => {
    await assert.rejects(client.getPrompt({ name: 'code_review', arguments: { language: 'C' } }),
      (e) => e.code === -32602 && /code/.test(e.message));
  });

  test('POST /prompts/{id} renders with lists, loops and conditions; any token may render', async () => {
    const args = { code: 'fn()', focus: ['safety', 'speed'], lines: ['a', 'b'] };
    const r = await gw.api('POST', `/prompts/${promptId}`, args, { Authorization: `Bearer ${mintToken(gw.dir)}` });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.messages[0].content.text, 'Review this code code, focusing on safety, speed:\n1: a\n2: b\nfn()');
    const missing = await gw.api('POST', `/prompts/${promptId}`, { language: 'C' });
    assert.equal(missing.status, 422);
    assert.match(missing.json.detail, /Missing required argument 'code'/);
  });

  test('a 2.x client gets the same rendering', async () => {
    const modern = new ModernClient({ name: 'prompts-e2e-2', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await modern.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/servers/${serverId}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
    try {
      const got = await modern.getPrompt({ name: 'code_review', arguments: { code: 'z', language: 'Go' } });
      assert.equal(got.messages[0].content.text, 'Review this Go code:\nz');
    } finally { await modern.close(); }
  });

  test('every PUT keeps the version before it; a rollback brings it back as a new version', async () => {
    const put = await gw.api('PUT', `/prompts/${promptId}`, { template: 'v2: {{ code | upper }}' });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.version, 2);
    assert.equal((await client.getPrompt({ name: 'code_review', arguments: { code: 'ab' } })).messages[0].content.text, 'v2: AB');
    const put3 = await gw.api('PUT', `/prompts/${promptId}`, { template: 'v3 {{ code }}', description: 'third' });
    assert.equal(put3.json.version, 3);
    const versions = await gw.api('GET', `/prompts/${promptId}/versions`);
    assert.equal(versions.status, 200, versions.text);
    assert.deepEqual(versions.json.versions.map((v) => v.version), [1, 2, 3]);
    assert.equal(versions.json.versions[0].template, review.template);
    assert.equal(versions.json.currentVersion, 3);
    const back = await gw.api('POST', `/prompts/${promptId}/rollback?version=1`);
    assert.equal(back.status, 200, back.text);
    assert.equal(back.json.version, 4);
    assert.equal(back.json.template, review.template);
    assert.equal(back.json.description, review.description);
    const got = await client.getPrompt({ name: 'code_review', arguments: { code: 'q', language: 'Rust' } });
    assert.equal(got.messages[0].content.text, 'Review this Rust code:\nq');
    assert.equal((await gw.api('POST', `/prompts/${promptId}/rollback?version=99`)).status, 404);
    assert.equal((await gw.api('POST', `/prompts/${promptId}/rollback`)).status, 422);
  });

  test('a template outside the supported Jinja subset is refused with line and column; nothing is stored', async () => {
    const before = (await gw.api('GET', '/prompts')).json.length;
    const bad = [
      [{ name: 'p1', template: 'Hi\n{{ name | shout }}' }, /line 2, column 11: unknown filter 'shout'/],
      [{ name: 'p2', template: '{% if x %}open' }, /line 1, column 1: 'endif' is missing/],
      [{ name: 'p3', template: '{% macro m() %}{% endmacro %}' }, /'macro' is not supported/],
      [{ name: 'p4', template: '{{ a + b }}' }, /line 1, column 6/],
      [{ name: 'p5' }, /template is required/],
      [{ name: 'p6', template: 'x', arguments: [{ description: 'no name' }] }, /arguments\[0\] needs a name/],
      [{ name: 'p7', template: 'x', arguments: [{ name: 'a' }, { name: 'a' }] }, /named twice/],
      [{ name: 'bad name!', template: 'x' }, /name must be/],
      [{ name: 'code_review', template: 'x' }, /taken|conflict/],
    ];
    for (const [body, why] of bad) {
      const r = await gw.api('POST', '/prompts', body);
      assert.ok(r.status === 422 || r.status === 409, `${JSON.stringify(body)} → ${r.status}`);
      assert.match(r.json.detail, why);
    }
    const put = await gw.api('PUT', `/prompts/${promptId}`, { template: '{% for %}' });
    assert.equal(put.status, 422);
    assert.equal((await gw.api('GET', '/prompts')).json.length, before);
    assert.equal((await gw.api('GET', `/prompts/${promptId}`)).json.version, 4, 'a refused PUT makes no version');
  });

  test('state hides a prompt, DELETE removes it', async () => {
    const extra = await gw.api('POST', '/prompts', { name: 'short', template: 'hi {{ who }}' });
    assert.equal(extra.status, 201, extra.text);
    assert.equal((await gw.api('POST', `/prompts/${extra.json.id}/state?activate=false`)).status, 200);
    const rpc = async () => (await fetch(`${gw.base}/rpc`, { method: 'POST',
      headers: { Authorization: `Bearer ${gw.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'prompts/get', params: { name: 'short', arguments: { who: 'x' } } }) })).json();
    assert.equal((await rpc()).error?.code, -32602);
    await gw.api('POST', `/prompts/${extra.json.id}/state?activate=true`);
    assert.equal((await rpc()).result.messages[0].content.text, 'hi x');
    assert.equal((await gw.api('DELETE', `/prompts/${extra.json.id}`)).status, 200);
    assert.equal((await gw.api('GET', `/prompts/${extra.json.id}`)).status, 404);
  });
});
