// `mcpgw register` against a real gateway: every registry operation from the shell, a virtual
// server built by tool names and used by the SDK client, and a whole configuration kept in one
// file (apply, plan, prune, drift check, export round trip), with bad files refused by line.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { everythingStdio, mcpgwBin, startEverythingHttp } from './lib/harness.mjs';
import { startRestApi } from './lib/rest_api.mjs';
import { startServe } from './lib/serve.mjs';

/** Runs `mcpgw register ARGS` in the gateway's directory (its secret is found there). */
function register(gw, args, { env = {}, input, cwd } = {}) {
  return new Promise((resolve, reject) => {
    // The gateway's --url before the action: `register tool` has a --url of its own.
    const proc = spawn(mcpgwBin, ['register', '--url', gw.base, ...args], {
      cwd: cwd ?? gw.dir,
      env: { ...process.env, MCPGATEWAY_BEARER_TOKEN: '', NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    proc.stdout.on('data', (c) => { stdout += c; });
    proc.stderr.on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`register ${args.join(' ')} hung:\n${stderr}`)); }, 60000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      let json;
      try { json = JSON.parse(stdout); } catch { json = undefined; }
      resolve({ code, stdout, stderr, json });
    });
    proc.stdin.end(input ?? '');
  });
}

const ok = (r) => assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-register-'));
const write = (name, text) => { const p = path.join(tmp, name); fs.writeFileSync(p, text); return p; };

async function withServer(gw, serverId, fn) {
  const client = new Client({ name: 'register-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/servers/${serverId}/mcp`),
    { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
  try { return await fn(client); } finally { await client.close(); }
}

describe('register: one registry operation a command', () => {
  let gw, everything, api;
  before(async () => {
    gw = await startServe();
    everything = await startEverythingHttp('streamableHttp');
    api = await startRestApi();
  });
  after(async () => { await gw?.stop(); await everything?.stop(); await api?.close(); });

  test('register gateway: a stdio command and a streamable HTTP URL, with the token minted from the local secret', async () => {
    const stdio = await register(gw, ['gateway', 'ev', '--command', everythingStdio, '-o', 'json']);
    ok(stdio);
    assert.equal(stdio.json.name, 'ev');
    assert.equal(stdio.json.transport, 'STDIO');
    const http = await register(gw, ['gateway', 'remote', everything.url, '--transport', 'streamable-http',
      '--auth-token', 'up-SECRET', '--tag', 'demo', '-q']);
    ok(http);
    assert.match(http.stdout.trim(), /^[0-9a-f-]{32,36}$/);
    assert.doesNotMatch(http.stdout + http.stderr, /up-SECRET/);
    const listed = await register(gw, ['list', 'gateways', '-o', 'json']);
    ok(listed);
    assert.deepEqual(listed.json.map((g) => g.name).sort(), ['ev', 'remote']);
    assert.ok(listed.json.every((g) => g.reachable), JSON.stringify(listed.json));
  });

  test('list prints an aligned table, filters by gateway and tag, -q prints ids only', async () => {
    const table = await register(gw, ['list', 'tools', '--gateway', 'ev']);
    ok(table);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ID\s+NAME\s+GATEWAY\s+ENABLED\s+DESCRIPTION$/);
    assert.ok(lines.some((l) => /\sev-echo\s+ev\s+yes\s/.test(l)), table.stdout);
    const col = lines[0].indexOf('NAME');
    assert.ok(lines.slice(1).every((l) => l[col - 1] === ' ' && l[col] !== ' '), 'the NAME column is aligned');
    const ids = await register(gw, ['list', 'tools', '--gateway', 'remote', '-q']);
    ok(ids);
    const all = (await gw.api('GET', '/tools')).json;
    assert.deepEqual(ids.stdout.trim().split('\n').sort(),
      all.filter((t) => t.gatewaySlug === 'remote').map((t) => t.id).sort());
    const tagged = await register(gw, ['list', 'gateways', '--tag', 'demo', '-o', 'json']);
    assert.deepEqual(tagged.json.map((g) => g.name), ['remote']);
    const yaml = await register(gw, ['list', 'gateways', '-o', 'yaml']);
    ok(yaml);
    assert.match(yaml.stdout, /^- name: /m);
    const everyKind = await register(gw, ['list', '-o', 'json']);
    ok(everyKind);
    assert.deepEqual(Object.keys(everyKind.json).sort(), ['gateways', 'prompts', 'resources', 'servers', 'tools']);
  });

  test('register server by tool names; the SDK client calls a tool through it; register call prints the result', async () => {
    const unknown = await register(gw, ['server', 'bad', '--tools', 'ev-echo,no-such-tool']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no tool named 'no-such-tool'/);
    assert.equal((await gw.api('GET', '/servers')).json.length, 0, 'nothing was created');

    const made = await register(gw, ['server', 'bundle', '--tools', 'ev-echo,remote-get-sum', '--description', 'Two tools', '-o', 'json']);
    ok(made);
    assert.equal(made.json.associatedTools.length, 2);
    const names = await withServer(gw, made.json.id, async (client) => {
      const tools = (await client.listTools()).tools.map((t) => t.name).sort();
      const result = await client.callTool({ name: 'ev-echo', arguments: { message: 'via bundle' } });
      assert.match(result.content[0].text, /via bundle/);
      return tools;
    });
    assert.deepEqual(names, ['ev-echo', 'remote-get-sum']);

    const echoed = await register(gw, ['call', 'ev-echo', '--arg', 'message=hello from the shell']);
    ok(echoed);
    assert.match(echoed.stdout, /hello from the shell/);
    const sum = await register(gw, ['call', 'remote-get-sum', '--arg', 'a=2', '--arg', 'b=40', '-o', 'json']);
    ok(sum);
    assert.match(JSON.stringify(sum.json.content), /42/);
    const missing = await register(gw, ['call', 'no-such-tool']);
    assert.equal(missing.code, 1);
  });

  test('REST tools, prompts and resources from files; show, disable, enable, remove', async () => {
    const schema = write('schema.json', JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } } }));
    ok(await register(gw, ['tool', 'user_name', '--url', `${api.base}/users/1`, '--method', 'GET',
      '--input-schema', schema, '--jq', '.name']));
    const called = await register(gw, ['call', 'user_name']);
    ok(called);
    const user = await (await fetch(`${api.base}/users/1`)).json();
    assert.equal(called.stdout.trim(), user.name, 'the jq filter picked the name');
    const template = write('greet.txt', 'Hello {{ who }}!');
    ok(await register(gw, ['prompt', 'greet', '--template', template, '--arg', 'who:required:Whom to greet']));
    const prompt = await register(gw, ['show', 'prompt', 'greet', '-o', 'json']);
    ok(prompt);
    assert.equal(prompt.json.template, 'Hello {{ who }}!');
    assert.deepEqual(prompt.json.arguments, [{ name: 'who', description: 'Whom to greet', required: true }]);
    const notes = write('notes.md', '# Notes\n');
    ok(await register(gw, ['resource', 'notes://guide.md', '--file', notes]));
    const shown = await register(gw, ['show', 'resource', 'notes://guide.md', '-o', 'json']);
    ok(shown);
    assert.equal(shown.json.mimeType, 'text/markdown');

    ok(await register(gw, ['disable', 'tool', 'user_name']));
    assert.equal((await register(gw, ['list', 'tools', '-o', 'json'])).json.some((t) => t.name === 'user_name'), false);
    assert.equal((await register(gw, ['list', 'tools', '--all', '-o', 'json'])).json.find((t) => t.name === 'user_name').enabled, false);
    ok(await register(gw, ['enable', 'tool', 'user_name']));
    const noYes = await register(gw, ['remove', 'tool', 'user_name']);
    assert.equal(noYes.code, 2, 'removing needs --yes without a terminal');
    ok(await register(gw, ['remove', 'tool', 'user_name', '--yes']));
    const gone = await register(gw, ['show', 'tool', 'user_name']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /no tool named 'user_name'/);
  });

  test('register openapi: --dry-run lists the tools, then one tool per operation is called', async () => {
    const spec = write('users.yaml', `openapi: 3.0.3
info: {title: Users, version: '1'}
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses: {'200': {description: a user}}
`);
    const dry = await register(gw, ['openapi', spec, '--base-url', api.base, '--prefix', 'users_', '--dry-run']);
    ok(dry);
    assert.match(dry.stdout, /users_getUser\s+GET\s+/);
    assert.equal((await gw.api('GET', '/tools')).json.some((t) => t.name === 'users_getUser'), false, 'a dry run stores nothing');
    ok(await register(gw, ['openapi', spec, '--base-url', api.base, '--prefix', 'users_']));
    const user = await register(gw, ['call', 'users_getUser', '--arg', 'id=1', '-o', 'json']);
    ok(user);
    const expected = await (await fetch(`${api.base}/users/1`)).json();
    assert.match(JSON.stringify(user.json), new RegExp(expected.name));
  });

  test('refresh, token revoke, and exit statuses 0/1/2', async () => {
    const refreshed = await register(gw, ['refresh', 'remote', '-o', 'json']);
    ok(refreshed);
    const revoked = await register(gw, ['token', 'revoke', gw.token, '--reason', 'test', '-o', 'json']);
    ok(revoked);
    assert.ok(revoked.json.jti);
    assert.equal((await gw.api('GET', '/tools')).status, 401, 'the revoked token is refused');
    // The minted token still works: it is a new one each time.
    ok(await register(gw, ['list', 'tools', '-q']));
    const usage = await register(gw, ['list', 'widgets']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /unknown kind 'widgets'/);
    const badFlag = await register(gw, ['list', '--no-such-flag']);
    assert.equal(badFlag.code, 2);
    const noAuth = await register(gw, ['list', 'tools'], { env: { JWT_SECRET_KEY: 'wrong-secret-wrong-secret-wrong-secret' } });
    assert.equal(noAuth.code, 1);
    assert.match(noAuth.stderr, /401/);
    const down = await register({ base: 'http://127.0.0.1:9', dir: gw.dir }, ['list', 'tools']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /cannot reach the gateway/);
  });
});

describe('register apply and export: a gateway described in one file', () => {
  let gw, api;
  before(async () => {
    gw = await startServe();
    api = await startRestApi();
  });
  after(async () => { await gw?.stop(); await api?.close(); });

  const config = (extra = '') => `# The whole gateway, by name.
gateways:
  - name: ev
    command: ${everythingStdio}
    tags: [demo]
tools:
  - name: user_name
    url: ${api.base}/users/1
    method: GET
    jq: .name
    auth_type: bearer
    auth_token: \${USER_API_TOKEN}
prompts:
  - name: greet
    template: "Hello {{ who }}"
    arguments:
      - name: who
        required: true
resources:
  - uri: notes://guide.md
    content: "# Guide"
servers:
  - name: bundle
    description: The demo bundle
    tools: [ev-echo, user_name]
    prompts: [greet]
    resources: [notes://guide.md]
${extra}`;
  const env = { USER_API_TOKEN: 'api-SECRET-7' };

  test('apply creates everything in one go; a second apply is a no-op', async () => {
    const file = write('gw.yaml', config());
    const plan = await register(gw, ['apply', file, '--dry-run'], { env });
    assert.equal(plan.code, 2, plan.stderr);
    assert.match(plan.stdout, /\+ create gateway 'ev'/);
    assert.match(plan.stdout, /Plan: 5 to create, 0 to update, 0 to delete, 0 unchanged\./);
    assert.equal((await gw.api('GET', '/gateways')).json.length, 0, '--dry-run changed nothing');

    const applied = await register(gw, ['apply', file, '--yes'], { env });
    ok(applied);
    assert.doesNotMatch(applied.stdout + applied.stderr, /api-SECRET-7/);
    const servers = (await gw.api('GET', '/servers')).json;
    assert.equal(servers.length, 1);
    const got = await withServer(gw, servers[0].id, async (client) => ({
      tools: (await client.listTools()).tools.map((t) => t.name).sort(),
      call: await client.callTool({ name: 'ev-echo', arguments: { message: 'applied' } }),
    }));
    assert.deepEqual(got.tools, ['ev-echo', 'user_name']);
    assert.match(got.call.content[0].text, /applied/);

    const again = await register(gw, ['apply', file, '--dry-run'], { env });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /Plan: 0 to create, 0 to update, 0 to delete, 5 unchanged\./);
  });

  test('an edited file gives exactly the expected plan, field by field; a new secret is an update', async () => {
    const edited = config().replace('description: The demo bundle', 'description: The new bundle')
      .replace('tools: [ev-echo, user_name]', 'tools: [ev-echo]');
    const file = write('edited.yaml', edited);
    const plan = await register(gw, ['apply', file, '--dry-run', '-o', 'json'], { env });
    assert.equal(plan.code, 2, plan.stderr);
    const changes = plan.json.changes.filter((c) => c.action !== 'unchanged');
    assert.deepEqual(changes.map((c) => `${c.action} ${c.kind} ${c.name}`), ['update servers bundle']);
    assert.deepEqual(changes[0].fields.map((f) => f.field).sort(), ['associated_tools', 'description']);
    assert.deepEqual(changes[0].fields.find((f) => f.field === 'description'),
      { field: 'description', before: 'The demo bundle', after: 'The new bundle' });

    const secret = await register(gw, ['apply', write('gw.yaml', config()), '--dry-run'], { env: { USER_API_TOKEN: 'rotated' } });
    assert.equal(secret.code, 2);
    assert.match(secret.stdout, /~ update tool 'user_name'\n\s+\(credentials change\)/);

    ok(await register(gw, ['apply', file, '--yes'], { env }));
    const server = (await gw.api('GET', '/servers')).json[0];
    assert.equal(server.description, 'The new bundle');
    assert.equal(server.associatedTools.length, 1);
  });

  test('--prune removes exactly what the file does not name', async () => {
    assert.equal((await gw.api('POST', '/prompts', { name: 'stray', template: 'x' })).status, 201);
    const file = write('pruned.yaml', config().replace(/prompts:\n  - name: greet[\s\S]*?required: true\n/, '')
      .replace('    prompts: [greet]\n', ''));
    const plan = await register(gw, ['apply', file, '--prune', '--dry-run'], { env });
    assert.equal(plan.code, 2);
    assert.match(plan.stdout, /- delete prompt 'stray'/);
    assert.match(plan.stdout, /- delete prompt 'greet'/);
    assert.match(plan.stdout, /Plan: 0 to create, 1 to update, 2 to delete, 3 unchanged\./);
    ok(await register(gw, ['apply', file, '--prune', '--yes'], { env }));
    assert.deepEqual((await gw.api('GET', '/prompts')).json.filter((p) => !p.gatewayId).map((p) => p.name), []);
    assert.equal((await gw.api('GET', '/gateways')).json.length, 1, 'the gateway stays');
  });

  test('export → fresh gateway → apply gives identical listings; applying the export again is a no-op', async () => {
    for (const format of ['yaml', 'toml', 'json']) {
      const exported = await register(gw, ['export', '-o', format]);
      ok(exported);
      assert.doesNotMatch(exported.stdout, /api-SECRET-7/);
      const file = write(`export.${format}`, exported.stdout);
      const noop = await register(gw, ['apply', file, '--dry-run']);
      assert.equal(noop.code, 0, `${format}: ${noop.stdout}${noop.stderr}`);

      const fresh = await startServe();
      try {
        ok(await register(fresh, ['apply', file, '--yes']));
        for (const kind of ['gateways', 'tools', 'servers', 'prompts', 'resources']) {
          const names = async (g) => (await register(g, ['list', kind, '--all', '-o', 'json'])).json
            .map((r) => r.name ?? r.uri).sort();
          assert.deepEqual(await names(fresh), await names(gw), `${format}: ${kind}`);
        }
        const again = await register(fresh, ['apply', file, '--dry-run']);
        assert.equal(again.code, 0, again.stdout);
      } finally { await fresh.stop(); }
    }
  });

  test('a bad file is refused before anything changes, naming file, line and column', async () => {
    // Sealed credentials differ on each export (a fresh nonce): compare the rest.
    const state = async () => JSON.parse(JSON.stringify((await gw.api('GET', '/export?include_inactive=true')).json.entities,
      (k, v) => (k === 'auth_value' ? undefined : v)));
    const before = await state();
    const cases = [
      ['syntax.yaml', 'tools:\n  - name: [oops\n', /syntax\.yaml:3:1: /],
      ['unknown.yaml', 'tools:\n  - name: t\n    url: http://127.0.0.1:9/\n    methd: GET\n',
        /unknown\.yaml:4:5: unknown key 'methd' in tools \(did you mean 'method'\?\)/],
      ['dupe.yaml', 'prompts:\n  - name: p\n    template: a\n  - name: p\n    template: b\n',
        /dupe\.yaml:4:5: prompts 'p' is described twice \(first at \S*dupe\.yaml:2:5\)/],
      ['type.yaml', 'servers:\n  - name: s\n    tags: 7\n', /type\.yaml:3:5: tags must be a list of strings/],
      ['ref.yaml', 'servers:\n  - name: s2\n    tools: [no-such-tool]\n', /ref\.yaml:2:5: servers\[0\]\.associated_tools: unknown tool 'no-such-tool'/],
      ['env.yaml', 'tools:\n  - name: t\n    url: http://127.0.0.1:9/\n    auth_type: bearer\n    auth_token: ${NOT_SET_ANYWHERE}\n',
        /env\.yaml:5:5: \$\{NOT_SET_ANYWHERE\} is not set/],
      ['bad.toml', '[[tools]]\nname = "t"\nurl = \n', /bad\.toml:3:/],
    ];
    for (const [name, text, pattern] of cases) {
      const r = await register(gw, ['apply', write(name, text), '--yes', '--prune']);
      assert.equal(r.code, 1, `${name}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, pattern, name);
      assert.match(r.stderr, /nothing was changed/, name);
    }
    assert.deepEqual(await state(), before);
  });
});
