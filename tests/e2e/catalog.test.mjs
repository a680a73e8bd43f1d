// The catalog of MCP servers in serve: GET /catalog (ContextForge's filters and shape) over the
// built-in catalog merged with a test file, and POST /catalog/{id}/register, which installs an
// entry that runs the locally installed server-everything; its tools are then called.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { everythingServer } from './lib/harness.mjs';
import { mintToken, serveDir, startServe } from './lib/serve.mjs';

const testCatalog = `
catalog_servers:
  # Replaces the built-in entry with the same id (stdio is server-everything's default).
  - id: everything
    name: "Everything (test copy)"
    category: "Testing"
    command: "node ${everythingServer}"
    auth_type: "Open"
    provider: "E2E"
    description: "server-everything from node_modules"
    tags: ["e2e-demo", "reference"]
  - id: everything-configured
    name: "Everything configured"
    category: "Testing"
    command: "node \${SERVER_JS} stdio"
    auth_type: "Open"
    provider: "E2E"
    description: "server-everything, with its path and a token given at install time"
    requires_api_key: true
    tags: ["e2e-demo", "configured"]
    env:
      - {name: SERVER_JS, description: "the server's script", required: true}
      - {name: DEMO_TOKEN, description: "a token it ignores", secret: true, required: true}
  - id: unreachable-remote
    name: "Unreachable remote"
    category: "Testing"
    url: "http://127.0.0.1:9/mcp"
    auth_type: "API Key"
    provider: "E2E"
    description: "nothing listens here"
    requires_api_key: true
    tags: ["e2e-remote"]
`;

describe('catalog', () => {
  let gw;
  const dir = serveDir();
  const catalogFile = path.join(dir, 'test-catalog.yaml');
  before(async () => {
    fs.writeFileSync(catalogFile, testCatalog);
    gw = await startServe({ dir, env: { MCPGATEWAY_CATALOG_FILE: catalogFile } });
  });
  after(async () => { await gw?.stop(); });

  test('GET /catalog has ContextForge\'s shape over the built-in and the test catalog', async () => {
    const r = await gw.api('GET', '/catalog');
    assert.equal(r.status, 200, r.text);
    const { servers, total, categories, auth_types: authTypes, providers, all_tags: allTags } = r.json;
    assert.ok(total >= 62, `total ${total}`);
    assert.equal(servers.length, Math.min(total, 100), 'the default limit is 100');
    for (const list of [categories, authTypes, providers, allTags]) {
      assert.ok(Array.isArray(list) && list.length > 0);
      assert.deepEqual(list, [...list].sort());
    }
    assert.ok(categories.includes('Testing') && authTypes.includes('OAuth2.1') && providers.includes('E2E'));
    const github = servers.find((s) => s.id === 'github');
    for (const key of ['id', 'name', 'category', 'url', 'auth_type', 'provider', 'description', 'requires_api_key',
      'secure', 'tags', 'transport', 'logo_url', 'documentation_url', 'is_registered', 'is_available', 'requires_oauth_config'])
      assert.ok(key in github, `missing ${key}`);
    assert.equal(github.url, 'https://api.githubcopilot.com/mcp');
    assert.equal(github.is_registered, false);
    const page = (await gw.api('GET', '/catalog?limit=5&offset=3')).json;
    assert.equal(page.total, total);
    assert.deepEqual(page.servers.map((s) => s.id), servers.slice(3, 8).map((s) => s.id));
    assert.equal((await gw.api('GET', '/v1/catalog?limit=-1')).status, 422);
  });

  test('filters: category, tags (repeated or a,b), provider, auth_type, search', async () => {
    const ids = async (query) => {
      const r = await gw.api('GET', `/catalog?${query}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.total, r.json.servers.length);
      return r.json.servers.map((s) => s.id);
    };
    assert.deepEqual(await ids('category=Testing'), ['everything', 'everything-configured', 'unreachable-remote']);
    assert.deepEqual(await ids('tags=configured&tags=e2e-remote'), ['everything-configured', 'unreachable-remote']);
    assert.deepEqual(await ids('tags=configured,e2e-remote'), ['everything-configured', 'unreachable-remote']);
    assert.deepEqual(await ids('provider=E2E&auth_type=API%20Key'), ['unreachable-remote']);
    assert.deepEqual(await ids('category=Testing&search=test%20copy'), ['everything']);
    const everything = (await gw.api('GET', '/catalog?search=everything&provider=E2E')).json.servers[0];
    assert.equal(everything.name, 'Everything (test copy)', 'the test file overrides the built-in entry');
    assert.equal(everything.command, `node ${everythingServer}`);
    assert.deepEqual(await ids('category=No%20such%20category'), []);
  });

  test('register: unknown id is 404, missing values are 422 naming them, a bad body is 422', async () => {
    assert.equal((await gw.api('POST', '/catalog/no-such-entry/register', {})).status, 404);
    const missing = await gw.api('POST', '/catalog/everything-configured/register', {});
    assert.equal(missing.status, 422, missing.text);
    assert.match(missing.json.detail, /SERVER_JS, DEMO_TOKEN/);
    assert.deepEqual(missing.json.missing.map((m) => [m.kind, m.name, m.secret]),
      [['env', 'SERVER_JS', false], ['env', 'DEMO_TOKEN', true]]);
    const badBody = await gw.api('POST', '/catalog/everything-configured/register', { env: { SERVER_JS: 7 } });
    assert.equal(badBody.status, 422);
    assert.match(badBody.json.detail, /env\.SERVER_JS must be a string/);
    const remote = await gw.api('POST', '/catalog/unreachable-remote/register', {});
    assert.equal(remote.status, 422);
    assert.deepEqual(remote.json.missing.map((m) => m.kind), ['api_key']);
    // As ContextForge: a server that cannot be reached is a 200 whose success is false.
    const unreachable = await gw.api('POST', '/catalog/unreachable-remote/register', { api_key: 'k' });
    assert.equal(unreachable.status, 200, unreachable.text);
    assert.equal(unreachable.json.success, false);
    assert.match(unreachable.json.message, /cannot reach gateway 'Unreachable remote'/);
    const listed = (await gw.api('GET', '/gateways')).json;
    assert.equal(listed.length, 0, 'nothing was registered');
  });

  test('only an admin registers; any token reads the catalog', async () => {
    const user = mintToken(gw.dir);
    const read = await gw.api('GET', '/catalog?category=Testing', undefined, { Authorization: `Bearer ${user}` });
    assert.equal(read.status, 200);
    const write = await gw.api('POST', '/catalog/everything/register', {}, { Authorization: `Bearer ${user}` });
    assert.equal(write.status, 403);
    const anonymous = await fetch(`${gw.base}/catalog`);
    assert.equal(anonymous.status, 401);
  });

  test('registering an entry runs it as a gateway; is_registered turns true; its tools answer', async () => {
    const r = await gw.api('POST', '/catalog/everything-configured/register',
      { name: 'demo', env: { SERVER_JS: everythingServer }, api_key: 'not-used' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.success, true, r.text);
    assert.match(r.json.server_id, /^[0-9a-f]{32}$/);
    assert.match(r.json.message, /Successfully registered demo with \d+ tools discovered/);
    const gateway = (await gw.api('GET', `/gateways/${r.json.server_id}`)).json;
    assert.equal(gateway.transport, 'STDIO');
    assert.equal(gateway.command, `node ${everythingServer} stdio`);

    // `node <script> stdio` is this entry's command with its ${SERVER_JS} filled, not the other's.
    const listed = (await gw.api('GET', '/catalog?show_registered_only=true')).json;
    assert.deepEqual(listed.servers.map((s) => [s.id, s.is_registered]), [['everything-configured', true]]);
    const again = await gw.api('POST', '/catalog/everything-configured/register',
      { name: 'demo', env: { SERVER_JS: everythingServer, DEMO_TOKEN: 'x' } });
    assert.equal(again.status, 409, again.text);

    const rpc = await fetch(`${gw.base}/rpc`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${gw.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'demo-echo', arguments: { message: 'from the catalog' } } }),
    });
    const answer = await rpc.json();
    assert.equal(answer.result?.content?.[0]?.text, 'Echo: from the catalog', JSON.stringify(answer));

    const client = new Client({ name: 'catalog-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
    try {
      const sum = await client.callTool({ name: 'demo-get-sum', arguments: { a: 2, b: 3 } });
      assert.match(sum.content[0].text, /5/);
    } finally { await client.close(); }
  });

  test('the built-in entry, overridden by the test file, registers under its own name', async () => {
    const entry = async () => (await gw.api('GET', '/catalog?category=Testing')).json.servers.find((s) => s.id === 'everything');
    assert.equal((await entry()).is_registered, false);
    const r = await gw.api('POST', '/catalog/everything/register');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.success, true, r.text);
    const gateway = (await gw.api('GET', `/gateways/${r.json.server_id}`)).json;
    assert.equal(gateway.name, 'Everything (test copy)');
    assert.equal((await entry()).is_registered, true);
  });
});

describe('catalog settings', () => {
  test('MCPGATEWAY_CATALOG_ENABLED=false: the catalog routes answer 404', async () => {
    const gw = await startServe({ env: { MCPGATEWAY_CATALOG_ENABLED: 'false' } });
    try {
      const r = await gw.api('GET', '/catalog');
      assert.equal(r.status, 404);
      assert.match(r.json.detail, /disabled/);
      assert.equal((await gw.api('POST', '/catalog/everything/register', {})).status, 404);
    } finally { await gw.stop(); }
  });

  test('a catalog file with problems stops start-up naming file:line:column', async () => {
    const dir = serveDir();
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'catalog_servers:\n  - id: x\n    nmae: X\n    command: "npx -y x"\n');
    await assert.rejects(startServe({ dir, env: { MCPGATEWAY_CATALOG_FILE: bad } }), (e) => {
      assert.match(e.message, /serve exited 1/);
      assert.ok(e.message.includes(`${bad}:3:5: unknown key 'nmae' in a catalog entry; did you mean 'name'?`), e.message);
      assert.ok(e.message.includes(`${bad}:2:5: entry 'x' needs a name`), e.message);
      return true;
    });
  });
});
