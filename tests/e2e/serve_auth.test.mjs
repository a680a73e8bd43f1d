// mcpgw serve's safety: auth on by default (bearer JWTs from mcpgw token; every rejection
// reason), open /health and /ready that say nothing without a token, DNS-rebinding checks on
// every route, admin-only writes, the stdio policy, secrets that round-trip masked and stay with
// their host, sessions bound to their subject, and clear 4xx errors for bad input on every REST route.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { buildDir, startEverythingHttp, waitFor } from './lib/harness.mjs';
import { startRecordingProxy } from './lib/recording_proxy.mjs';
import { startServe, serveDir, signToken, generatedSecret, mintToken } from './lib/serve.mjs';

const echoServer = path.join(buildDir, 'echo_server');

/** A GET with a Host header of our choosing (fetch does not let one set it). */
function getWithHost(base, route, host) {
  const url = new URL(route, base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };

/** POSTs a JSON-RPC message to `url` as the holder of `token`. */
function mcpPost(url, token, message, headers = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(message),
  });
}

describe('serve authenticates every route but /health and /ready', () => {
  let gw, secret;
  before(async () => {
    gw = await startServe();
    secret = generatedSecret(gw.dir);
  });
  after(async () => { await gw?.stop(); });

  test('the first start generates a 256-bit secret beside the database, mode 0600', () => {
    const file = path.join(gw.dir, '.mcpgw_jwt_secret');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.ok(secret.length >= 64);
    assert.ok(fs.existsSync(path.join(gw.dir, 'mcp.db')), 'SQLite database at ./mcp.db');
    assert.match(gw.stderr(), /event=secret_generated what=jwt_secret/);
    assert.ok(!gw.stderr().includes(secret), 'the secret itself is never logged');
  });

  test('/health and /ready answer without a token', async () => {
    for (const route of ['/health', '/ready']) {
      const res = await fetch(`${gw.base}${route}`);
      assert.equal(res.status, 200, route);
    }
  });

  test('a foreign Host or Origin is refused on every route, /health and /ready included', async () => {
    for (const route of ['/health', '/healthz', '/ready', '/version', '/metrics', '/tools', '/mcp']) {
      const host = await getWithHost(gw.base, route, 'evil.example');
      assert.equal(host.status, 403, `Host on ${route}: ${host.body}`);
      const origin = await fetch(`${gw.base}${route}`, { headers: { Authorization: `Bearer ${gw.token}`, Origin: 'http://evil.example' } });
      assert.equal(origin.status, 403, `Origin on ${route}`);
    }
    assert.equal((await getWithHost(gw.base, '/health', `127.0.0.1:${gw.port}`)).status, 200, 'our own Host is fine');
  });

  const now = () => Math.floor(Date.now() / 1000);
  const good = () => ({ sub: 'a@example.com', iss: 'mcpgateway', aud: 'mcpgateway-api', exp: now() + 600, jti: `j${Math.random()}` });
  const cases = {
    'no token': undefined,
    'a bad signature': () => signToken('not-the-secret-not-the-secret-not-the-secret', good()),
    'an expired token': () => signToken(secret, { ...good(), exp: now() - 3600 }),
    'the wrong audience': () => signToken(secret, { ...good(), aud: 'someone-else' }),
    'the wrong issuer': () => signToken(secret, { ...good(), iss: 'someone-else' }),
    'alg none': () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(good())).toString('base64url')}.`,
    'garbage': () => 'not.a.jwt',
  };
  for (const [what, make] of Object.entries(cases)) {
    test(`${what} gets 401 with WWW-Authenticate on the API and on MCP endpoints`, async () => {
      const headers = make ? { Authorization: `Bearer ${make()}` } : {};
      for (const route of ['/tools', '/v1/gateways', '/servers', '/version', '/metrics']) {
        const res = await fetch(`${gw.base}${route}`, { headers });
        assert.equal(res.status, 401, `${route}: ${await res.text()}`);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      }
      const mcp = await fetch(`${gw.base}/mcp`, {
        method: 'POST', headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
      });
      assert.equal(mcp.status, 401);
      const body = await mcp.json();
      assert.ok(body.detail, 'a JSON error says why');
    });
  }

  test('a token signed with the generated secret is accepted', async () => {
    const res = await fetch(`${gw.base}/version`, { headers: { Authorization: `Bearer ${signToken(secret, good())}` } });
    assert.equal(res.status, 200);
    const v = await res.json();
    assert.ok(v.protocolVersions.includes('2026-07-28') && v.protocolVersions.includes('2024-11-05'));
  });

  test('a foreign Origin or Host is refused (DNS rebinding)', async () => {
    const origin = await fetch(`${gw.base}/tools`, { headers: { Authorization: `Bearer ${gw.token}`, Origin: 'http://evil.example' } });
    assert.equal(origin.status, 403);
  });
});

describe('serve answers bad input with clear 4xx JSON errors', () => {
  let gw;
  before(async () => { gw = await startServe({ env: { MCPGW_MAX_BODY_BYTES: '65536' } }); });
  after(async () => { await gw?.stop(); });

  const bad = [
    ['POST', '/gateways', '{not json', 422, /not valid JSON/],
    ['POST', '/gateways', [], 422, /JSON object/],
    ['POST', '/gateways', { url: 'http://127.0.0.1:1/mcp' }, 422, /name/],
    ['POST', '/gateways', { name: 'x' }, 422, /url is required/],
    ['POST', '/gateways', { name: 'x', url: 'ftp://127.0.0.1/mcp' }, 422, /http/],
    ['POST', '/gateways', { name: 'x', url: 'http://127.0.0.1:1/mcp', transport: 'CARRIER_PIGEON' }, 422, /transport/],
    ['POST', '/gateways', { name: 'x\u0001', url: 'http://127.0.0.1:1/mcp' }, 422, /control/],
    ['POST', '/gateways', { name: 'x', url: 'http://127.0.0.1:1/mcp', auth_type: 'bearer' }, 422, /auth_token/],
    ['POST', '/gateways', { name: 'x', url: 'http://127.0.0.1:1/mcp', tool_prefix: 'has space' }, 422, /tool_prefix/],
    ['POST', '/gateways', { name: 'x', command: 'echo_server', env: { LD_PRELOAD: '/tmp/x.so' } }, 422, /LD_PRELOAD/],
    ['POST', '/gateways', { name: 'x', command: 'echo_server', env: { NODE_OPTIONS: '--require /tmp/x.js' } }, 422, /NODE_OPTIONS/],
    ['POST', '/gateways', { name: 'x', url: 'http://127.0.0.1:1/mcp', auth_type: 'bearer', auth_token: '*****' }, 422, /masked/],
    ['POST', '/gateways', { name: 'dead', url: 'http://127.0.0.1:1/mcp' }, 502, /cannot reach gateway 'dead'/],
    ['GET', '/gateways/nope', undefined, 404, /not found/],
    ['PUT', '/gateways/nope', { name: 'y' }, 404, /not found/],
    ['DELETE', '/gateways/nope', undefined, 404, /not found/],
    ['POST', '/gateways/nope/state?activate=false', undefined, 404, /not found/],
    ['POST', '/gateways/nope/tools/refresh', undefined, 404, /not found/],
    ['GET', '/tools/nope', undefined, 404, /not found/],
    ['GET', '/resources/nope', undefined, 404, /not found/],
    ['GET', '/prompts/nope', undefined, 404, /not found/],
    ['GET', '/tools?limit=-3', undefined, 400, /limit/],
    ['GET', '/tools?cursor=bogus&limit=5', undefined, 400, /cursor/],
    ['POST', '/servers', { server: { name: 's', associated_tools: ['no-such-tool'] } }, 422, /unknown tool 'no-such-tool'/],
    ['POST', '/servers', { server: { description: 'no name' } }, 422, /name/],
    ['GET', '/servers/nope', undefined, 404, /not found/],
    ['PUT', '/servers/nope', { name: 'z' }, 404, /not found/],
    ['DELETE', '/servers/nope', undefined, 404, /not found/],
    ['GET', '/servers/nope/tools', undefined, 404, /not found/],
    ['POST', '/servers/nope/mcp', {}, 404, /not found/],
    ['GET', '/no/such/route', undefined, 404, /Not Found/],
  ];
  for (const [method, route, body, status, pattern] of bad) {
    test(`${method} ${route} ${typeof body === 'string' ? body : JSON.stringify(body ?? '')} → ${status}`, async () => {
      const res = await gw.api(method, route, body);
      assert.equal(res.status, status, res.text);
      assert.match(res.json?.detail ?? res.text, pattern);
    });
  }

  test('an oversized body gets 413 and the gateway keeps serving', async () => {
    const res = await gw.api('POST', '/gateways', { name: 'big', url: 'http://127.0.0.1:1/mcp', description: 'x'.repeat(70000) });
    assert.equal(res.status, 413);
    assert.equal((await gw.api('GET', '/gateways')).status, 200);
  });

  test('a server name that is taken gets 409', async () => {
    assert.equal((await gw.api('POST', '/servers', { name: 'twice' })).status, 201);
    const again = await gw.api('POST', '/servers', { name: 'twice' });
    assert.equal(again.status, 409, again.text);
    assert.match(again.json.detail, /taken/);
  });

  test('nothing was stored by the failed registrations', async () => {
    const gateways = await gw.api('GET', '/gateways');
    assert.deepEqual(gateways.json, []);
  });
});

describe('serve refuses revoked tokens', () => {
  let gw;
  before(async () => { gw = await startServe(); });
  after(async () => { await gw?.stop(); });

  test('POST /tokens/revoke refuses that token from then on, also after a restart', async () => {
    const victim = mintToken(gw.dir);
    const ok = await fetch(`${gw.base}/tools`, { headers: { Authorization: `Bearer ${victim}` } });
    assert.equal(ok.status, 200);
    const revoked = await gw.api('POST', '/tokens/revoke', { token: victim, reason: 'laptop lost' });
    assert.equal(revoked.status, 200, revoked.text);
    const refused = await fetch(`${gw.base}/tools`, { headers: { Authorization: `Bearer ${victim}` } });
    assert.equal(refused.status, 401);
    assert.match((await refused.json()).detail, /revoked/);
    assert.equal((await gw.api('GET', '/tools')).status, 200, 'other tokens still work');

    const dir = gw.dir;
    await gw.stop();
    gw = await startServe({ dir });
    const still = await fetch(`${gw.base}/tools`, { headers: { Authorization: `Bearer ${victim}` } });
    assert.equal(still.status, 401, 'the revocation was stored');
    const byJti = await gw.api('POST', '/tokens/revoke', { jti: '' });
    assert.equal(byJti.status, 422);
  });
});

describe('serve: only an admin changes anything; any token reads and calls', () => {
  let gw, marker, reader, plain;
  before(async () => {
    gw = await startServe({ env: { HEALTH_CHECK_INTERVAL: '60' } });
    marker = path.join(gw.dir, 'ran');
    reader = mintToken(gw.dir, ['--scopes', '["tools.read"]']);
    plain = mintToken(gw.dir, ['--username', 'plain@example.com']);
  });
  after(async () => { await gw?.stop(); });

  const writes = (marker) => [
    ['POST', '/gateways', { name: 'x', command: `/bin/sh -c 'touch ${marker}'` }],
    ['POST', '/v1/gateways', { name: 'x', command: `/bin/sh -c 'touch ${marker}'`, env: { LD_PRELOAD: '/tmp/x.so' } }],
    ['PUT', '/gateways/g1', { command: `/bin/sh -c 'touch ${marker}'` }],
    ['DELETE', '/gateways/g1', undefined],
    ['POST', '/gateways/g1/state?activate=true', undefined],
    ['POST', '/gateways/g1/toggle?activate=true', undefined],
    ['POST', '/gateways/g1/tools/refresh', undefined],
    ['POST', '/servers', { name: 's' }],
    ['PUT', '/servers/s1', { name: 's' }],
    ['DELETE', '/servers/s1', undefined],
    ['POST', '/servers/s1/state?activate=false', undefined],
    ['POST', '/tools/t1/state?activate=false', undefined],
    ['POST', '/resources/r1/toggle?activate=false', undefined],
    ['POST', '/prompts/p1/state?activate=false', undefined],
    ['POST', '/tokens/revoke', { jti: 'someone-else' }],
  ];

  for (const who of ['a token with scopes ["tools.read"]', 'a plain token']) {
    test(`${who} gets 403 for every write route, and nothing is stored or run`, async () => {
      const token = who.startsWith('a plain') ? plain : reader;
      for (const [method, route, body] of writes(marker)) {
        const res = await gw.api(method, route, body, { Authorization: `Bearer ${token}` });
        assert.equal(res.status, 403, `${method} ${route}: ${res.text}`);
        assert.match(res.json.detail, /admin token/, `${method} ${route}`);
      }
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(!fs.existsSync(marker), 'the command never ran');
      assert.deepEqual((await gw.api('GET', '/gateways')).json, []);
      assert.deepEqual((await gw.api('GET', '/servers')).json, []);
    });
  }

  test('a non-admin token reads, lists and calls: GET routes, /rpc and MCP endpoints', async () => {
    const reg = await gw.api('POST', '/gateways', { name: 'echo', command: echoServer });
    assert.equal(reg.status, 201, reg.text);
    for (const route of ['/gateways', `/gateways/${reg.json.id}`, '/tools', '/resources', '/prompts', '/servers', '/version', '/metrics']) {
      const res = await fetch(`${gw.base}${route}`, { headers: { Authorization: `Bearer ${reader}` } });
      assert.equal(res.status, 200, route);
    }
    const list = await (await mcpPost(`${gw.base}/rpc`, reader, { jsonrpc: '2.0', id: 1, method: 'tools/list' })).json();
    const tool = list.result.tools.find((t) => t.name.startsWith('echo'));
    assert.ok(tool, JSON.stringify(list));
    const call = await (await mcpPost(`${gw.base}/rpc`, reader, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: tool.name, arguments: { message: 'hi' } } })).json();
    assert.ok(call.result, JSON.stringify(call));
    const init = await mcpPost(`${gw.base}/mcp`, reader, initialize);
    assert.equal(init.status, 200);
    assert.ok(init.headers.get('mcp-session-id'));
  });

  test('the admin token mcpgw token --admin mints writes', async () => {
    const res = await gw.api('POST', '/servers', { name: 'by-admin' });
    assert.equal(res.status, 201, res.text);
  });
});

describe('serve: STDIO_GATEWAYS_ENABLED and STDIO_ALLOWED_COMMANDS', () => {
  const marker = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-marker-')), 'ran');

  test('stdio off: registering a command is refused naming the setting; stored ones are not run', async () => {
    const dir = serveDir();
    const ran = marker();
    let gw = await startServe({ dir });
    const reg = await gw.api('POST', '/gateways', { name: 'wrapped', command: `/bin/sh -c 'touch ${ran}; exec ${echoServer}'` });
    assert.equal(reg.status, 201, reg.text);
    assert.ok(fs.existsSync(ran));
    await gw.stop();
    fs.rmSync(ran);

    gw = await startServe({ dir, env: { STDIO_GATEWAYS_ENABLED: 'false' } });
    try {
      const refused = await gw.api('POST', '/gateways', { name: 'other', command: echoServer });
      assert.equal(refused.status, 403, refused.text);
      assert.match(refused.json.detail, /STDIO_GATEWAYS_ENABLED/);
      const put = await gw.api('PUT', `/gateways/${reg.json.id}`, { description: 'still stdio' });
      assert.equal(put.status, 403, put.text);
      const on = await gw.api('POST', `/gateways/${reg.json.id}/state?activate=true`);
      assert.equal(on.status, 403, on.text);
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(!fs.existsSync(ran), 'the stored stdio gateway was not started');
      const stored = await gw.api('GET', `/gateways/${reg.json.id}`);
      assert.equal(stored.json.reachable, false);
      assert.match(stored.json.lastError, /STDIO_GATEWAYS_ENABLED/);
      // An HTTP gateway is still fine to register (this one is unreachable: 502, not 403).
      assert.equal((await gw.api('POST', '/gateways', { name: 'remote', url: 'http://127.0.0.1:1/mcp' })).status, 502);

      // Anonymous health says the status only; a token sees which gateway is down and why.
      const anonymous = await fetch(`${gw.base}/health`);
      const text = await anonymous.text();
      assert.deepEqual(JSON.parse(text), { status: 'healthy' });
      assert.ok(!text.includes(reg.json.id) && !text.includes('wrapped'));
      const detailed = await (await fetch(`${gw.base}/health`, { headers: { Authorization: `Bearer ${gw.token}` } })).json();
      assert.equal(detailed.gateways.unreachable[0].id, reg.json.id);
      const bad = await (await fetch(`${gw.base}/health`, { headers: { Authorization: 'Bearer forged' } })).json();
      assert.deepEqual(bad, { status: 'healthy' }, 'an invalid token learns nothing either');
    } finally {
      await gw.stop();
    }
  });

  test('an allow-list admits listed commands only, by their first word', async () => {
    const ran = marker();
    const gw = await startServe({ env: { STDIO_ALLOWED_COMMANDS: JSON.stringify([echoServer]) } });
    try {
      const shell = await gw.api('POST', '/gateways', { name: 'sh', command: `/bin/sh -c 'touch ${ran}'` });
      assert.equal(shell.status, 403, shell.text);
      assert.match(shell.json.detail, /'\/bin\/sh' is not in STDIO_ALLOWED_COMMANDS/);
      const listed = await gw.api('POST', '/gateways', { name: 'echo', command: echoServer });
      assert.equal(listed.status, 201, listed.text);
      const moved = await gw.api('PUT', `/gateways/${listed.json.id}`, { command: `/bin/sh -c 'touch ${ran}'` });
      assert.equal(moved.status, 403, moved.text);
      const preload = await gw.api('PUT', `/gateways/${listed.json.id}`, { env: { LD_PRELOAD: `${ran}.so` } });
      assert.equal(preload.status, 422, preload.text);
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(!fs.existsSync(ran), 'no refused command ran');
    } finally {
      await gw.stop();
    }
  });
});

describe('serve: stored credentials round-trip masked and never follow a new host', () => {
  let gw, upstream, first, second;
  const bearer = (proxy) => proxy.seen.map((s) => s.headers.authorization);
  before(async () => {
    upstream = await startEverythingHttp('streamableHttp');
    first = await startRecordingProxy(upstream.base);
    second = await startRecordingProxy(upstream.base);
    gw = await startServe({ env: { HEALTH_CHECK_INTERVAL: '60' } });
  });
  after(async () => {
    await gw?.stop();
    await first?.close();
    await second?.close();
    await upstream?.stop();
  });

  test('GET, change the description, PUT back: 200, and the upstream still gets the real token', async () => {
    const reg = await gw.api('POST', '/gateways', { name: 'ev', url: `${first.base}/mcp`, auth_type: 'bearer', auth_token: 's3cret' });
    assert.equal(reg.status, 201, reg.text);
    const got = await gw.api('GET', `/gateways/${reg.json.id}`);
    assert.equal(got.json.authValue, '*****');
    first.seen.length = 0;
    const put = await gw.api('PUT', `/gateways/${reg.json.id}`, { ...got.json, description: 'round trip' });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.description, 'round trip');
    await waitFor(() => first.seen.length > 0, 5000, 'the rediscovery');
    assert.ok(bearer(first).every((a) => a === 'Bearer s3cret'), JSON.stringify(bearer(first)));

    first.seen.length = 0;
    const masked = await gw.api('PUT', `/gateways/${reg.json.id}`, { auth_type: 'bearer', auth_token: '*****' });
    assert.equal(masked.status, 200, masked.text);
    await waitFor(() => first.seen.length > 0, 5000, 'the rediscovery');
    assert.ok(bearer(first).every((a) => a === 'Bearer s3cret'), JSON.stringify(bearer(first)));
  });

  test('a PUT to another origin drops the stored credentials unless it sends them again', async () => {
    const [g] = (await gw.api('GET', '/gateways')).json;
    const moved = await gw.api('PUT', `/gateways/${g.id}`, { url: `${second.base}/mcp` });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.authType, null);
    assert.equal(moved.json.authValue, null);
    await waitFor(() => second.seen.length > 0, 5000, 'the new host to be asked');
    assert.ok(second.seen.every((s) => s.headers.authorization === undefined), JSON.stringify(bearer(second)));

    const masked = await gw.api('PUT', `/gateways/${g.id}`, { url: `${first.base}/mcp`, auth_type: 'bearer', auth_token: '*****' });
    assert.equal(masked.status, 422, 'a mask cannot bring them back');

    first.seen.length = 0;
    const resent = await gw.api('PUT', `/gateways/${g.id}`, { url: `${first.base}/mcp`, auth_type: 'bearer', auth_token: 'back' });
    assert.equal(resent.status, 200, resent.text);
    await waitFor(() => first.seen.length > 0, 5000, 'the rediscovery');
    assert.ok(bearer(first).every((a) => a === 'Bearer back'), JSON.stringify(bearer(first)));
  });
});

describe('serve: an MCP session belongs to the subject that opened it', () => {
  let gw, alice, aliceAgain, bob;
  before(async () => {
    gw = await startServe();
    alice = mintToken(gw.dir, ['--username', 'alice@example.com']);
    aliceAgain = mintToken(gw.dir, ['--username', 'alice@example.com']);
    bob = mintToken(gw.dir, ['--username', 'bob@example.com', '--admin']);
  });
  after(async () => { await gw?.stop(); });

  test('streamable HTTP: another subject\'s token on the session id gets 404', async () => {
    const init = await mcpPost(`${gw.base}/mcp`, alice, initialize);
    assert.equal(init.status, 200);
    const session = init.headers.get('mcp-session-id');
    await init.text();
    const headers = { 'Mcp-Session-Id': session, 'MCP-Protocol-Version': '2025-11-25' };
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const foreign = await mcpPost(`${gw.base}/mcp`, bob, list, headers);
    assert.equal(foreign.status, 404, 'even an admin of another subject');
    const stream = await fetch(`${gw.base}/mcp`, { headers: { Authorization: `Bearer ${bob}`, Accept: 'text/event-stream', ...headers } });
    assert.equal(stream.status, 404);
    const end = await fetch(`${gw.base}/mcp`, { method: 'DELETE', headers: { Authorization: `Bearer ${bob}`, ...headers } });
    assert.equal(end.status, 404);
    const own = await mcpPost(`${gw.base}/mcp`, aliceAgain, list, headers);
    assert.equal(own.status, 200, 'the same subject with another token');
  });

  test('legacy SSE: another subject\'s token on the session_id gets 404', async () => {
    const abort = new AbortController();
    const sse = await fetch(`${gw.base}/sse`, { headers: { Authorization: `Bearer ${alice}`, Accept: 'text/event-stream' }, signal: abort.signal });
    assert.equal(sse.status, 200);
    const reader = sse.body.getReader();
    let text = '';
    while (!/data: (\S+)\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    const endpoint = text.match(/data: (\S+)\n/)[1];
    try {
      const foreign = await mcpPost(new URL(endpoint, gw.base), bob, initialize);
      assert.equal(foreign.status, 404);
      const own = await mcpPost(new URL(endpoint, gw.base), aliceAgain, initialize);
      assert.equal(own.status, 202);
    } finally {
      abort.abort();
    }
  });
});
