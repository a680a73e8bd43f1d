// Export and import (ContextForge's /export, /export/selective, /import): a gateway configured
// with every kind of entity moves to a fresh gateway, with the same or another encryption
// secret, and serves the same lists through the same virtual server.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startEverythingHttp } from './lib/harness.mjs';
import { startRestApi } from './lib/rest_api.mjs';
import { mintToken, startServe } from './lib/serve.mjs';

const secretA = 'export-test-secret-A-0123456789abcdef0123';
const secretB = 'export-test-secret-B-fedcba9876543210fedc';

async function lists(gw, serverName) {
  const servers = (await gw.api('GET', '/servers')).json;
  const server = servers.find((s) => s.name === serverName);
  assert.ok(server, `server ${serverName} exists`);
  const client = new Client({ name: 'transfer', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/servers/${server.id}/mcp`),
    { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
  try {
    const strip = (items) => items.map((i) => JSON.stringify(i)).sort();
    return {
      tools: strip((await client.listTools()).tools),
      prompts: strip((await client.listPrompts()).prompts),
      resources: strip((await client.listResources()).resources),
      call: await client.callTool({ name: 'user_one', arguments: {} }),
      prompt: await client.getPrompt({ name: 'greet', arguments: { who: 'Ann' } }),
      read: await client.readResource({ uri: 'notes://guide.md' }),
    };
  } finally { await client.close(); }
}

describe('export and import', () => {
  let everything, api, source, doc, sourceLists;
  const gateways = [];
  const fresh = async (env = {}) => { const g = await startServe({ env }); gateways.push(g); return g; };
  const importInto = (gw, importData, extra = {}) => gw.api('POST', '/import', { import_data: importData, ...extra });

  before(async () => {
    everything = await startEverythingHttp('streamableHttp');
    api = await startRestApi();
    source = await fresh({ AUTH_ENCRYPTION_SECRET: secretA });
    const reg = await source.api('POST', '/gateways', { name: 'ev', url: everything.url, auth_type: 'bearer', auth_token: 'gw-SECRET-1' });
    assert.equal(reg.status, 201, reg.text);
    const tool = await source.api('POST', '/tools', { integration_type: 'REST', name: 'user_one', url: `${api.base}/users/1`,
      request_type: 'GET', auth_type: 'bearer', auth_token: 'tool-SECRET-2', jsonpath_filter: '.name', tags: ['rest'] });
    assert.equal(tool.status, 201, tool.text);
    assert.equal((await source.api('POST', '/prompts', { name: 'greet', template: 'Hello {{ who }}',
      arguments: [{ name: 'who', required: true }] })).status, 201);
    assert.equal((await source.api('POST', '/resources', { uri: 'notes://guide.md', content: '# Guide' })).status, 201);
    const server = await source.api('POST', '/servers', { name: 'bundle',
      associated_tools: ['ev-echo', 'ev-get-sum', 'user_one'], associated_prompts: ['greet', 'ev-simple-prompt'],
      associated_resources: ['notes://guide.md'] });
    assert.equal(server.status, 201, server.text);
    sourceLists = await lists(source, 'bundle');
  });
  after(async () => {
    for (const g of gateways) await g.stop();
    await api?.close();
    await everything?.stop();
  });

  test('GET /export has ContextForge\'s shape, every kind, and no secret in clear', async () => {
    const r = await source.api('GET', '/export');
    assert.equal(r.status, 200, r.text);
    doc = r.json;
    for (const key of ['version', 'exported_at', 'exported_by', 'source_gateway', 'encryption_method', 'entities', 'metadata'])
      assert.ok(key in doc, key);
    assert.equal(doc.encryption_method, 'AES-256-GCM');
    assert.deepEqual(doc.metadata.entity_counts, { gateways: 1, tools: 1, servers: 1, prompts: 1, resources: 1 });
    assert.deepEqual(doc.entities.servers[0].associated_tools.sort(), ['ev-echo', 'ev-get-sum', 'user_one']);
    assert.doesNotMatch(r.text, /SECRET/);
    assert.ok(doc.entities.gateways[0].auth_value.startsWith('v1:'));
    const only = await source.api('GET', '/export?types=prompts,resources');
    assert.deepEqual(Object.keys(only.json.entities).sort(), ['prompts', 'resources']);
    const tagged = await source.api('GET', '/export?types=tools&tags=nope');
    assert.equal(tagged.json.entities.tools.length, 0);
    const selective = await source.api('POST', '/export/selective', { entity_selections: { tools: ['user_one'] } });
    assert.equal(selective.status, 200, selective.text);
    assert.deepEqual(Object.keys(selective.json.entities), ['tools']);
    const user = mintToken(source.dir);
    assert.equal((await source.api('GET', '/export', undefined, { Authorization: `Bearer ${user}` })).status, 403);
  });

  test('a dry run reports and stores nothing', async () => {
    const target = await fresh({ AUTH_ENCRYPTION_SECRET: secretA });
    const r = await importInto(target, doc, { dry_run: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'dry_run');
    assert.equal(r.json.entities.length, 5);
    assert.equal((await target.api('GET', '/gateways')).json.length, 0);
    assert.equal((await target.api('GET', '/tools')).json.length, 0);
  });

  test('a fresh gateway with the same secret serves identical lists; a second import changes nothing', async () => {
    const target = await fresh({ AUTH_ENCRYPTION_SECRET: secretA });
    const r = await importInto(target, doc);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'completed');
    assert.deepEqual(r.json.entities.map((e) => e.action), ['created', 'created', 'created', 'created', 'created']);
    const got = await lists(target, 'bundle');
    assert.deepEqual(got.tools, sourceLists.tools);
    assert.deepEqual(got.prompts, sourceLists.prompts);
    assert.deepEqual(got.resources, sourceLists.resources);
    assert.deepEqual(got.call, sourceLists.call);
    assert.equal(got.call.content[0].text, 'Ann');
    assert.deepEqual(got.prompt, sourceLists.prompt);
    assert.deepEqual(got.read, sourceLists.read);
    const n = api.seen.length;
    await lists(target, 'bundle');
    assert.equal(api.seen[n].headers.authorization, 'Bearer tool-SECRET-2', 'the REST tool\'s credential came along');
    const before = (await target.api('GET', '/export')).json.entities;
    const again = await importInto(target, doc);
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.json.entities.map((e) => e.action), ['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    const after = (await target.api('GET', '/export')).json.entities;
    for (const kind of Object.keys(before))
      assert.deepEqual(after[kind].map(({ auth_value, env_encrypted, ...rest }) => rest),
        before[kind].map(({ auth_value, env_encrypted, ...rest }) => rest), kind);
  });

  test('another secret: refused naming the field, then imported with rekey_secret', async () => {
    const target = await fresh({ AUTH_ENCRYPTION_SECRET: secretB });
    const refused = await importInto(target, doc);
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.json.detail, /entities\.gateways\[0\]\.auth_value.*rekey_secret/);
    assert.equal((await target.api('GET', '/gateways')).json.length, 0);
    const r = await importInto(target, doc, { rekey_secret: secretA });
    assert.equal(r.status, 200, r.text);
    const got = await lists(target, 'bundle');
    assert.deepEqual(got.tools, sourceLists.tools);
    const n = api.seen.length;
    await lists(target, 'bundle');
    assert.equal(api.seen[n].headers.authorization, 'Bearer tool-SECRET-2');
    const reexport = (await target.api('GET', '/export')).json;
    assert.notEqual(reexport.entities.tools[0].auth_value, doc.entities.tools[0].auth_value, 'sealed again with its own secret');
  });

  test('conflicts: skip, rename, fail', async () => {
    const target = await fresh({ AUTH_ENCRYPTION_SECRET: secretA });
    assert.equal((await importInto(target, doc)).status, 200);
    const mine = { ...doc, entities: { prompts: [{ ...doc.entities.prompts[0], template: 'Changed {{ who }}' }] } };
    const skipped = await importInto(target, mine, { conflict_strategy: 'skip' });
    assert.equal(skipped.json.entities[0].action, 'skipped');
    const failed = await importInto(target, mine, { conflict_strategy: 'fail' });
    assert.equal(failed.status, 409, failed.text);
    const renamed = await importInto(target, mine, { conflict_strategy: 'rename' });
    assert.equal(renamed.json.entities[0].action, 'renamed');
    const names = (await target.api('GET', '/prompts')).json.map((p) => p.name);
    assert.ok(names.includes('greet_2'), names.join());
    const updated = await importInto(target, mine, { conflict_strategy: 'update' });
    assert.equal(updated.json.entities[0].action, 'updated');
    const greet = (await target.api('GET', '/prompts')).json.find((p) => p.name === 'greet');
    assert.equal(greet.template, 'Changed {{ who }}');
    assert.equal(greet.version, 2, 'an update through import keeps the version before it');
  });

  test('bad documents get 422 naming the entity and field, and nothing is stored', async () => {
    const target = await fresh({ AUTH_ENCRYPTION_SECRET: secretA });
    const bad = [
      [{ ...doc, version: '1999-01-01' }, /version/],
      [{ ...doc, entities: { tools: {} } }, /entities\.tools must be a list/],
      [{ ...doc, entities: { widgets: [] } }, /widgets/],
      [{ entities: {} }, /version/],
      [{ ...doc, entities: { ...doc.entities, servers: [{ ...doc.entities.servers[0], associated_tools: ['ghost'] }] } },
        /servers\[0\]\.associated_tools: unknown tool 'ghost'/],
      [{ ...doc, entities: { prompts: [{ name: 'p', template: '{% if %}' }] } }, /prompts\[0\]\.template/],
      [{ ...doc, entities: { tools: [{ name: 't', url: 'ftp://x', request_type: 'GET' }] } }, /tools\[0\]: url/],
      // Fields of the wrong type are named, before anything is done (the gateways included).
      [{ ...doc, entities: { ...doc.entities, servers: [{ ...doc.entities.servers[0], is_active: 'yes' }] } },
        /servers\[0\]\.is_active must be true or false/],
      [{ ...doc, entities: { ...doc.entities, prompts: [{ name: 'p', template: 'x', description: 5 }] } },
        /prompts\[0\]\.description must be a string/],
      [{ ...doc, entities: { ...doc.entities, resources: [{ uri_template: 'n://{x}', content: 'x', is_active: null }] } },
        /resources\[0\]\.is_active/],
    ];
    for (const [importData, why] of bad) {
      const r = await importInto(target, importData);
      assert.ok(r.status === 422, `${r.status} ${r.text}`);
      assert.match(r.json.detail, why);
    }
    assert.equal((await target.api('POST', '/import', { conflict_strategy: 'merge', import_data: doc })).status, 422);
    assert.match((await target.api('POST', '/import', { conflict_strategy: 5, import_data: doc })).json.detail, /conflict_strategy must be a string/);
    assert.match((await target.api('POST', '/import', { dry_run: 'no', import_data: doc })).json.detail, /dry_run must be true or false/);
    assert.equal((await target.api('GET', '/gateways')).json.length, 0, 'the gateway a failed import registered is gone');
    assert.equal((await target.api('GET', '/tools')).json.length, 0);
    assert.equal((await target.api('GET', '/prompts')).json.length, 0);
    assert.equal((await target.api('GET', '/servers')).json.length, 0);
  });

  test('a gateway that cannot be reached fails the whole import', async () => {
    const target = await fresh({ AUTH_ENCRYPTION_SECRET: secretA, FEDERATION_TIMEOUT: '3' });
    const dead = { ...doc, entities: { ...doc.entities, gateways: [{ ...doc.entities.gateways[0], url: 'http://127.0.0.1:9/mcp' }] } };
    const r = await importInto(target, dead);
    assert.equal(r.status, 502, r.text);
    assert.equal((await target.api('GET', '/tools')).json.length, 0);
    assert.equal((await target.api('GET', '/prompts')).json.length, 0);
    assert.equal((await target.api('GET', '/gateways')).json.length, 0);
  });
});
