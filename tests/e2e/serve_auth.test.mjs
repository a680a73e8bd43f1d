// mcpgw serve's safety: auth on by default (bearer JWTs from mcpgw token; every rejection
// reason), open /health and /ready, DNS-rebinding checks, and clear 4xx errors for bad input
// on every REST route.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServe, signToken, generatedSecret, mintToken } from './lib/serve.mjs';

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
