// `mcpgw catalog` from the shell: the shipped catalog listed, searched and validated; MCP
// Registry server.json documents converted; a local entry installed into a real gateway and its
// tool called; missing values refused with --no-input.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { everythingServer, mcpgwBin } from './lib/harness.mjs';
import { startServe } from './lib/serve.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-catalog-'));
const write = (name, text) => { const p = path.join(tmp, name); fs.writeFileSync(p, text); return p; };

function run(args, { cwd = tmp, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(mcpgwBin, args, { cwd, env: { ...process.env, MCPGATEWAY_BEARER_TOKEN: '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    proc.stdout.on('data', (c) => { stdout += c; });
    proc.stderr.on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`${args.join(' ')} hung`)); }, 60000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      let json;
      try { json = JSON.parse(stdout); } catch { json = undefined; }
      resolve({ code, stdout, stderr, json });
    });
  });
}
const ok = (r) => assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);

describe('catalog: the shipped catalog', () => {
  test('lists at least 60 servers, filters by category and tag, prints a table or ids', async () => {
    const all = await run(['catalog', 'list', '-o', 'json']);
    ok(all);
    assert.ok(all.json.length >= 60, `${all.json.length} entries`);
    for (const e of all.json) for (const key of ['id', 'name', 'category', 'description']) assert.ok(e[key], `${e.id}: ${key}`);
    const category = all.json[0].category;
    const some = await run(['catalog', 'list', '--category', category, '-o', 'json']);
    ok(some);
    assert.ok(some.json.length > 0 && some.json.every((e) => e.category === category));
    const ids = await run(['catalog', 'list', '-q']);
    assert.deepEqual(ids.stdout.trim().split('\n'), all.json.map((e) => e.id));
    const table = await run(['catalog', 'list']);
    assert.match(table.stdout.split('\n')[0], /^ID\s+NAME\s+CATEGORY\s+RUNS\s+AUTH\s+DESCRIPTION$/);
  });

  test('search ranks by name first; show prints one entry', async () => {
    const found = await run(['catalog', 'search', 'github', '-o', 'json']);
    ok(found);
    assert.match(`${found.json[0].id} ${found.json[0].name}`, /github/i);
    const none = await run(['catalog', 'search', 'zzzz-no-such-server']);
    assert.equal(none.code, 1);
    const shown = await run(['catalog', 'show', found.json[0].id, '-o', 'json']);
    ok(shown);
    assert.equal(shown.json.id, found.json[0].id);
    const missing = await run(['catalog', 'show', 'no-such-id']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no server 'no-such-id' in the catalog/);
  });

  test('the shipped catalog validates; a bad one is refused with lines and columns', async () => {
    const shipped = await run(['catalog', 'validate', path.join(root, 'share/catalog.yaml')]);
    ok(shipped);
    assert.match(shipped.stdout, /servers, valid/);
    const bad = write('bad.yaml', 'catalog_servers:\n  - id: a\n    name: A\n    url: https://example.com/mcp\n    catgory: x\n  - id: a\n    name: again\n');
    const refused = await run(['catalog', 'validate', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /bad\.yaml:5:5: .*catgory.*category/);
    assert.match(refused.stderr, /bad\.yaml:6:/);
    const usage = await run(['catalog', 'frobnicate']);
    assert.equal(usage.code, 2);
  });
});

describe('catalog: registry import and install into a gateway', () => {
  let gw;
  before(async () => { gw = await startServe(); });
  after(async () => { await gw?.stop(); });

  test('import converts server.json documents: an npm package and a remote', async () => {
    const npm = {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name: 'io.github.example/weather', description: 'Weather forecasts', version: '1.2.0',
      packages: [{ registryType: 'npm', identifier: '@example/weather-mcp', version: '1.2.0', transport: { type: 'stdio' },
        environmentVariables: [{ name: 'WEATHER_API_KEY', description: 'API key', isRequired: true, isSecret: true }] }],
    };
    const remote = {
      name: 'com.example/docs', description: 'Docs search', version: '0.1.0',
      remotes: [{ type: 'sse', url: 'https://docs.example.com/sse' }, { type: 'streamable-http', url: 'https://docs.example.com/mcp' }],
    };
    const file = write('servers.json', JSON.stringify({ servers: [{ server: npm, _meta: {} }, { server: remote, _meta: {} }], metadata: { count: 2 } }));
    const r = await run(['catalog', 'import', file, '-o', 'json']);
    ok(r);
    const [weather, docs] = r.json.catalog_servers;
    assert.match(weather.command, /^npx -y @example\/weather-mcp@1\.2\.0/);
    assert.deepEqual(weather.env.map((e) => [e.name, e.secret, e.required]), [['WEATHER_API_KEY', true, true]]);
    assert.equal(docs.url, 'https://docs.example.com/mcp');
    assert.equal(docs.transport, 'STREAMABLEHTTP');
    const yaml = await run(['catalog', 'import', file]);
    ok(yaml);
    const saved = write('imported.yaml', yaml.stdout);
    ok(await run(['catalog', 'validate', saved]));
    const merged = await run(['catalog', '--catalog', saved, 'show', weather.id, '-o', 'json']);
    ok(merged);
  });

  test('install a local entry (no --no-input value missing), list --installed, call its tool', async () => {
    const local = write('local.yaml', `catalog_servers:
  - id: everything-local
    name: Everything (local)
    category: Testing
    provider: modelcontextprotocol
    description: The reference test server, run from the local node_modules
    command: node ${everythingServer} stdio
    env:
      - name: EVERYTHING_TOKEN
        description: A value the server gets
        secret: true
        required: true
`);
    const base = ['catalog', '--catalog', local, '--url', gw.base];
    const refused = await run([...base, 'install', 'everything-local', '--no-input'], { cwd: gw.dir });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /EVERYTHING_TOKEN/);
    assert.equal((await gw.api('GET', '/gateways')).json.length, 0);

    const installed = await run([...base, 'install', 'everything-local', '--name', 'ev', '--env', 'EVERYTHING_TOKEN=t-SECRET', '-o', 'json'],
      { cwd: gw.dir });
    ok(installed);
    assert.equal(installed.json.name, 'ev');
    assert.doesNotMatch(installed.stdout + installed.stderr, /t-SECRET/);
    const listed = await run([...base, 'list', '--installed', '-q'], { cwd: gw.dir });
    ok(listed);
    assert.deepEqual(listed.stdout.trim().split('\n'), ['everything-local']);
    const called = await run(['register', '--url', gw.base, 'call', 'ev-echo', '--arg', 'message=from the catalog'], { cwd: gw.dir });
    ok(called);
    assert.match(called.stdout, /from the catalog/);
  });
});
