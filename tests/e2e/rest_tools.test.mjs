// REST tools: plain HTTP endpoints registered with POST /tools ("integration_type": "REST") that
// serve calls itself. A real REST API (json-server) sees every request; MCP clients (SDK 1.x and
// 2.x) call the tools through a virtual server.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ModernClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startRestApi } from './lib/rest_api.mjs';
import { mintToken, startServe } from './lib/serve.mjs';

const object = (properties = {}, required = []) => ({ type: 'object', properties, required });

describe('REST tools', () => {
  let api, gw, client, serverId;
  const tools = {};
  const register = async (body) => {
    const r = await gw.api('POST', '/tools', { integration_type: 'REST', ...body });
    assert.equal(r.status, 201, r.text);
    tools[body.name] = r.json;
    return r.json;
  };
  const rpc = async (name, args, id = 1) => {
    const r = await fetch(`${gw.base}/rpc`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${gw.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }),
    });
    return r.json();
  };
  const seenSince = (n) => api.seen.slice(n);

  before(async () => {
    api = await startRestApi();
    gw = await startServe({ env: { TOOL_TIMEOUT: '5' } });
    await register({ name: 'get_user', url: `${api.base}/users/{id}`, request_type: 'GET',
      input_schema: object({ id: { type: 'integer' } }, ['id']), description: 'One user by id' });
    await register({ name: 'find_users', url: `${api.base}/users`, request_type: 'GET',
      input_schema: object({ role: { type: 'string' }, name: { type: 'string' } }), jsonpath_filter: '[.[] | .name]' });
    await register({ name: 'create_post', url: `${api.base}/posts`, request_type: 'POST',
      input_schema: object({ title: { type: 'string', minLength: 1 }, userId: { type: 'integer' } }, ['title']),
      output_schema: object({ id: { type: 'integer' }, title: { type: 'string' } }, ['id', 'title']) });
    await register({ name: 'rename_user', url: `${api.base}/users/{id}`, request_type: 'PATCH',
      input_schema: object({ id: { type: 'integer' }, name: { type: 'string' } }, ['id', 'name']) });
    await register({ name: 'delete_post', url: `${api.base}/posts/{id}`, request_type: 'DELETE',
      input_schema: object({ id: { type: 'integer' } }, ['id']) });
    const server = await gw.api('POST', '/servers', { name: 'rest', associated_tools: Object.keys(tools) });
    assert.equal(server.status, 201, server.text);
    serverId = server.json.id;
    client = new LegacyClient({ name: 'rest-e2e', version: '1.0.0' });
    await client.connect(new LegacyHttpTransport(new URL(`${gw.base}/servers/${serverId}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
  });
  after(async () => {
    await client?.close();
    await gw?.stop();
    await api?.close();
  });

  test('a 1.x client lists REST tools in a virtual server with their schemas', async () => {
    const listed = (await client.listTools()).tools;
    assert.deepEqual(listed.map((t) => t.name).sort(), Object.keys(tools).sort());
    const getUser = listed.find((t) => t.name === 'get_user');
    assert.equal(getUser.description, 'One user by id');
    assert.deepEqual(getUser.inputSchema.required, ['id']);
    assert.deepEqual(listed.find((t) => t.name === 'create_post').outputSchema.required, ['id', 'title']);
  });

  test('a path template takes its argument; the API sees GET /users/2', async () => {
    const n = api.seen.length;
    const r = await client.callTool({ name: 'get_user', arguments: { id: 2 } });
    assert.equal(r.isError, undefined);
    assert.equal(JSON.parse(r.content[0].text).name, 'Bob');
    const [req] = seenSince(n);
    assert.equal(req.method, 'GET');
    assert.equal(req.url, '/users/2');
  });

  test('GET sends the other arguments as the query string, and the jq filter shapes the answer', async () => {
    const n = api.seen.length;
    const r = await client.callTool({ name: 'find_users', arguments: { role: 'user' } });
    assert.deepEqual(JSON.parse(r.content[0].text), ['Bob', 'Cy']);
    assert.equal(seenSince(n)[0].url, '/users?role=user');
  });

  test('POST sends the arguments as a JSON body; the answer is structuredContent checked against output_schema', async () => {
    const n = api.seen.length;
    const r = await client.callTool({ name: 'create_post', arguments: { title: 'from mcp', userId: 2 } });
    assert.equal(r.isError, undefined, JSON.stringify(r));
    assert.equal(r.structuredContent.title, 'from mcp');
    assert.ok(Number.isInteger(r.structuredContent.id));
    const [req] = seenSince(n);
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(req.body, { title: 'from mcp', userId: 2 });
  });

  test('PATCH and DELETE reach the API with the path argument taken out of the body', async () => {
    const n = api.seen.length;
    const renamed = await client.callTool({ name: 'rename_user', arguments: { id: 3, name: 'Cyd' } });
    assert.equal(JSON.parse(renamed.content[0].text).name, 'Cyd');
    const deleted = await client.callTool({ name: 'delete_post', arguments: { id: 1 } });
    assert.equal(deleted.isError, undefined, JSON.stringify(deleted));
    const [patch, del] = seenSince(n);
    assert.equal(patch.method, 'PATCH');
    assert.deepEqual(patch.body, { name: 'Cyd' });
    assert.equal(del.method, 'DELETE');
    assert.equal(del.url, '/posts/1');
    assert.equal((await fetch(`${api.base}/posts/1`)).status, 404, 'the post is gone from the API');
  });

  test('arguments that break input_schema are -32602 naming the path, and nothing is sent', async () => {
    const n = api.seen.length;
    const wrongType = await rpc('get_user', { id: 'two' });
    assert.equal(wrongType.error?.code, -32602, JSON.stringify(wrongType));
    assert.match(wrongType.error.message, /\/id/);
    const missing = await rpc('create_post', { userId: 1 });
    assert.equal(missing.error?.code, -32602);
    assert.match(missing.error.message, /title/);
    await assert.rejects(client.callTool({ name: 'create_post', arguments: { title: '' } }), /-32602|title/);
    assert.equal(api.seen.length, n, 'the API saw none of them');
  });

  test('a 2.x client calls a REST tool through the same virtual server', async () => {
    const modern = new ModernClient({ name: 'rest-e2e-2', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await modern.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/servers/${serverId}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
    try {
      const r = await modern.callTool({ name: 'get_user', arguments: { id: 1 } });
      assert.equal(JSON.parse(r.content[0].text).name, 'Ann');
      const listed = await modern.listTools();
      assert.ok(listed.tools.some((t) => t.name === 'find_users'));
    } finally { await modern.close(); }
  });

  test('query_mapping and header_mapping move arguments under new names; static headers go along', async () => {
    await register({ name: 'mapped', url: `${api.base}/users`, request_type: 'GET',
      input_schema: object({ who: { type: 'string' }, tenant: { type: 'string' }, page: { type: 'integer' } }),
      query_mapping: { who: 'name' }, header_mapping: { tenant: 'X-Tenant' }, headers: { 'X-Client': 'mcpgw-e2e' } });
    const n = api.seen.length;
    const r = await rpc('mapped', { who: 'Ann', tenant: 'acme', page: 1 });
    assert.equal(JSON.parse(r.result.content[0].text)[0].email, 'ann@example.com');
    const [req] = seenSince(n);
    assert.equal(req.query.name, 'Ann');
    assert.equal(req.query.page, '1');
    assert.equal(req.query.who, undefined);
    assert.equal(req.query.tenant, undefined, 'a mapped header is not also a query parameter');
    assert.equal(req.headers['x-tenant'], 'acme');
    assert.equal(req.headers['x-client'], 'mcpgw-e2e');
  });

  test('each auth kind reaches the API, is stored encrypted and never shown', async () => {
    const kinds = [
      { name: 'auth_bearer', auth_type: 'bearer', auth_token: 'tok-SECRET-1', expect: ['authorization', 'Bearer tok-SECRET-1'] },
      { name: 'auth_basic', auth_type: 'basic', auth_username: 'ann', auth_password: 'pw-SECRET-2',
        expect: ['authorization', `Basic ${Buffer.from('ann:pw-SECRET-2').toString('base64')}`] },
      { name: 'auth_headers', auth_type: 'authheaders', auth_headers: [{ key: 'X-Api-Key', value: 'key-SECRET-3' }],
        expect: ['x-api-key', 'key-SECRET-3'] },
      { name: 'auth_nested', auth: { auth_type: 'bearer', token: 'tok-SECRET-4' }, expect: ['authorization', 'Bearer tok-SECRET-4'] },
    ];
    for (const { expect, ...body } of kinds) {
      const created = await register({ url: `${api.base}/users/1`, request_type: 'GET', ...body });
      assert.equal(created.authValue, '*****');
      assert.doesNotMatch(JSON.stringify(created), /SECRET/);
      const n = api.seen.length;
      const r = await rpc(body.name, {});
      assert.equal(JSON.parse(r.result.content[0].text).id, 1, JSON.stringify(r));
      assert.equal(seenSince(n)[0].headers[expect[0]], expect[1], body.name);
    }
    const listed = await gw.api('GET', '/tools');
    assert.doesNotMatch(listed.text, /SECRET/);
    const db = fs.readFileSync(path.join(gw.dir, 'mcp.db')).toString('latin1');
    assert.doesNotMatch(db, /SECRET/, 'the database holds no credential in clear');
    // A masked value sent back keeps the stored one.
    const id = tools.auth_bearer.id;
    const put = await gw.api('PUT', `/tools/${id}`, { description: 'still bearer', auth_type: 'bearer', auth_token: '*****' });
    assert.equal(put.status, 200, put.text);
    const n = api.seen.length;
    await rpc('auth_bearer', {});
    assert.equal(seenSince(n)[0].headers.authorization, 'Bearer tok-SECRET-1');
  });

  test('204 is a short text; 4xx/5xx and text answers are results, errors carry the status and a bounded excerpt', async () => {
    await register({ name: 'no_content', url: `${api.base}/status/204`, request_type: 'POST' });
    await register({ name: 'unavailable', url: `${api.base}/status/503`, request_type: 'GET' });
    await register({ name: 'big_error', url: `${api.base}/big`, request_type: 'GET' });
    await register({ name: 'plain', url: `${api.base}/text`, request_type: 'GET' });
    const none = await rpc('no_content', {});
    assert.equal(none.result.isError, undefined);
    assert.match(none.result.content[0].text, /No Content/);
    const down = await rpc('unavailable', {});
    assert.equal(down.result.isError, true);
    assert.match(down.result.content[0].text, /^HTTP 503 Service Unavailable: status 503/);
    const big = await rpc('big_error', { n: 50000 });
    assert.equal(big.result.isError, true);
    assert.match(big.result.content[0].text, /^HTTP 500/);
    assert.ok(big.result.content[0].text.length < 1200, `excerpt of ${big.result.content[0].text.length} characters`);
    assert.equal((await rpc('plain', {})).result.content[0].text, 'plain words');
  });

  test('timeout_ms bounds a slow API: an isError result in time, and the gateway goes on', async () => {
    await register({ name: 'slow', url: `${api.base}/slow`, request_type: 'GET', timeout_ms: 300,
      input_schema: object({ ms: { type: 'integer' } }) });
    const started = Date.now();
    const r = await rpc('slow', { ms: 3000 });
    const took = Date.now() - started;
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, /did not answer within 300 ms/);
    assert.ok(took < 2000, `answered after ${took} ms`);
    assert.equal(JSON.parse((await rpc('get_user', { id: 1 })).result.content[0].text).name, 'Ann');
  });

  test('an API that is not there is an isError result naming it', async () => {
    const port = await new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
    await register({ name: 'gone', url: `http://127.0.0.1:${port}/x`, request_type: 'GET' });
    const r = await rpc('gone', {});
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  test('a jq filter error and an answer that breaks output_schema are isError results', async () => {
    await register({ name: 'bad_jq_run', url: `${api.base}/users/1`, request_type: 'GET', jsonpath_filter: '.name | error("no names here")' });
    const r = await rpc('bad_jq_run', {});
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, /no names here/);
    await register({ name: 'wrong_shape', url: `${api.base}/users/1`, request_type: 'GET',
      output_schema: object({ missing: { type: 'string' } }, ['missing']) });
    const w = await rpc('wrong_shape', {});
    assert.equal(w.result.isError, true);
    assert.match(w.result.content[0].text, /output_schema.*missing/);
  });

  test('jq built-ins that reach outside the answer are not available', async () => {
    await register({ name: 'env_probe', url: `${api.base}/users/1`, request_type: 'GET', jsonpath_filter: '$ENV.PATH' });
    assert.equal((await rpc('env_probe', {})).result.content[0].text, 'null');
    await register({ name: 'env_probe2', url: `${api.base}/users/1`, request_type: 'GET', jsonpath_filter: 'env.HOME' });
    const r = await rpc('env_probe2', {});
    assert.equal(r.result.isError, true);
    assert.match(r.result.content[0].text, /env is not available/);
    const imp = await gw.api('POST', '/tools', { name: 'imp', url: `${api.base}/x`, request_type: 'GET', jsonpath_filter: 'import "a" as a; .' });
    assert.equal(imp.status, 422, imp.text);
  });

  test('PUT changes a REST tool, state hides it, DELETE removes it; a gateway\'s tool is not changed here', async () => {
    const id = tools.find_users.id;
    const put = await gw.api('PUT', `/tools/${id}`, { jsonpath_filter: '[.[] | .email]' });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.jsonpathFilter, '[.[] | .email]');
    assert.deepEqual(JSON.parse((await rpc('find_users', { role: 'admin' })).result.content[0].text), ['ann@example.com']);
    const off = await gw.api('POST', `/tools/${id}/state?activate=false`);
    assert.equal(off.status, 200, off.text);
    assert.ok(!(await client.listTools()).tools.some((t) => t.name === 'find_users'));
    assert.equal((await rpc('find_users', {})).error?.code, -32602);
    await gw.api('POST', `/tools/${id}/state?activate=true`);
    const del = await gw.api('DELETE', `/tools/${tools.delete_post.id}`);
    assert.equal(del.status, 200, del.text);
    assert.equal((await gw.api('GET', `/tools/${tools.delete_post.id}`)).status, 404);
    assert.ok(!(await client.listTools()).tools.some((t) => t.name === 'delete_post'));
    assert.equal((await gw.api('PUT', '/tools/nope', { description: 'x' })).status, 404);
  });

  test('bad definitions get 422 naming the field, and nothing is stored', async () => {
    const before = (await gw.api('GET', '/tools')).json.length;
    const bad = [
      [{ name: 'no_url', request_type: 'GET' }, /url/],
      [{ name: 'bad_method', url: `${api.base}/x`, request_type: 'TRACE' }, /request_type/],
      [{ name: 'space_url', url: `${api.base}/a b`, request_type: 'GET' }, /url/],
      [{ name: 'ctl_url', url: `${api.base}/a\r\nX: y`, request_type: 'GET' }, /url/],
      [{ name: 'ftp', url: 'ftp://127.0.0.1/x', request_type: 'GET' }, /url/],
      [{ name: 'bad_jq', url: `${api.base}/x`, request_type: 'GET', jsonpath_filter: '.[' }, /jsonpath_filter/],
      [{ name: 'bad_schema', url: `${api.base}/x`, request_type: 'GET', input_schema: { type: 'object', properties: { a: { type: 'nonsense' } } } }, /input_schema/],
      [{ name: 'mcp', url: `${api.base}/x`, integration_type: 'MCP' }, /integration_type/],
      [{ name: 'steal_auth', url: `${api.base}/x`, request_type: 'GET', header_mapping: { a: 'Authorization' } }, /header_mapping/],
      [{ name: 'split_header', url: `${api.base}/x`, request_type: 'GET', headers: { 'X-A': 'a\r\nb' } }, /headers/],
      [{ name: 'slow_forever', url: `${api.base}/x`, request_type: 'GET', timeout_ms: 0 }, /timeout_ms/],
      [{ name: 'get_user', url: `${api.base}/x`, request_type: 'GET' }, /taken|conflict/],
      [{ name: '', url: `${api.base}/x`, request_type: 'GET' }, /name/],
    ];
    for (const [body, why] of bad) {
      const r = await gw.api('POST', '/tools', { integration_type: 'REST', ...body });
      assert.ok(r.status === 422 || r.status === 409, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.match(r.json.detail, why, `${JSON.stringify(body)}: ${r.json.detail}`);
    }
    assert.equal((await gw.api('POST', '/tools', '{"name":')).status, 422);
    const user = mintToken(gw.dir);
    const notAdmin = await gw.api('POST', '/tools', { name: 'by_user', url: `${api.base}/x`, request_type: 'GET' },
      { Authorization: `Bearer ${user}` });
    assert.equal(notAdmin.status, 403, 'only admins register tools');
    assert.equal((await gw.api('GET', '/tools')).json.length, before);
  });
});

describe('REST tools obey the destination policy', () => {
  let gw, blocked;
  before(async () => {
    const connections = [];
    const server = net.createServer((s) => { connections.push(s); s.destroy(); });
    await new Promise((r) => server.listen(0, '127.0.0.2', r));
    blocked = { port: server.address().port, connections, close: () => new Promise((r) => server.close(r)) };
    gw = await startServe({ env: { SSRF_BLOCKED_NETWORKS: '127.0.0.2/32' } });
  });
  after(async () => { await gw?.stop(); await blocked?.close(); });

  test('a REST tool whose host resolves to a blocked network is never connected to', async () => {
    const r = await gw.api('POST', '/tools', { integration_type: 'REST', name: 'inside', url: `http://127.0.0.2:${blocked.port}/x`, request_type: 'GET' });
    assert.equal(r.status, 201, r.text);
    const call = await (await fetch(`${gw.base}/rpc`, {
      method: 'POST', headers: { Authorization: `Bearer ${gw.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'inside', arguments: {} } }),
    })).json();
    assert.equal(call.result.isError, true, JSON.stringify(call));
    assert.match(call.result.content[0].text, /destination policy/);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(blocked.connections.length, 0);
    const meta = await fetch(`${gw.base}/rpc`, { method: 'POST', headers: { Authorization: `Bearer ${gw.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'inside', arguments: {} } }) });
    assert.equal(meta.status, 200);
  });
});
