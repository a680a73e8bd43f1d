// Partial failure in mcpgw serve: an upstream killed mid-call fails that call only, drops out
// of the lists while down and comes back without a gateway restart; gateways can be disabled,
// refreshed and removed while clients are connected; client headers pass only when listed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { everythingServer, everythingStdio, freePort, loopbackPreload, startEverythingHttp, stopProcess, waitFor } from './lib/harness.mjs';
import { startRecordingProxy } from './lib/recording_proxy.mjs';
import { startServe } from './lib/serve.mjs';

/** server-everything over streamable HTTP on a fixed loopback port, so it can come back there. */
async function everythingOn(port) {
  const proc = spawn(process.execPath, [everythingServer, 'streamableHttp'], {
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port), NODE_OPTIONS: `--require ${loopbackPreload}` },
  });
  await waitFor(() => fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false), 15000, 'server-everything');
  return proc;
}

async function toolNames(client) {
  const names = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    names.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

describe('serve keeps serving when an upstream fails', () => {
  let gw, port, upstream, client, idA, idB;

  before(async () => {
    port = await freePort();
    upstream = await everythingOn(port);
    gw = await startServe({ env: { TOOL_TIMEOUT: '20' } });
    const a = await gw.api('POST', '/gateways', { name: 'up-a', url: `http://127.0.0.1:${port}/mcp` });
    assert.equal(a.status, 201, a.text);
    idA = a.json.id;
    const b = await gw.api('POST', '/gateways', { name: 'up-b', command: everythingStdio });
    assert.equal(b.status, 201, b.text);
    idB = b.json.id;
    client = new Client({ name: 'faults', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
  });
  after(async () => {
    await client?.close();
    await gw?.stop();
    if (upstream) await stopProcess(upstream);
  });

  test('an upstream killed mid-call fails that call with a clear error; the other upstream still answers', async () => {
    const started = Date.now();
    const doomed = client.callTool({ name: 'up-a-trigger-long-running-operation', arguments: { duration: 8, steps: 8 } },
      undefined, { timeout: 30000 });
    await new Promise((r) => setTimeout(r, 700));
    upstream.kill('SIGKILL');
    await assert.rejects(doomed, (e) => { assert.match(String(e.message), /up-a|connection|closed|unreachable|lost/i); return true; });
    assert.ok(Date.now() - started < 15000, 'the failure comes promptly, not at the timeout');
    const other = await client.callTool({ name: 'up-b-echo', arguments: { message: 'still here' } });
    assert.equal(other.content[0].text, 'Echo: still here');
  });

  test('while it is down its tools drop out of the lists and /health names it', async () => {
    await waitFor(async () => (await gw.api('GET', '/health')).json.gateways.unreachable.length === 1, 10000, 'health check');
    const health = (await gw.api('GET', '/health')).json;
    assert.equal(health.gateways.unreachable[0].id, idA);
    const names = await toolNames(client);
    assert.ok(!names.some((n) => n.startsWith('up-a-')), 'no tools of the dead upstream');
    assert.ok(names.includes('up-b-echo'));
    const r = await client.callTool({ name: 'up-a-echo', arguments: { message: 'x' } }).catch((e) => e);
    assert.ok(r instanceof Error, 'a call to it is refused');
    assert.match(r.message, /gateway 'up-a' is unreachable/);
    const listed = (await gw.api('GET', `/gateways/${idA}`)).json;
    assert.equal(listed.reachable, false);
  });

  test('when it comes back it is served again without restarting the gateway', async () => {
    upstream = await everythingOn(port);
    await waitFor(async () => (await gw.api('GET', '/health')).json.gateways.unreachable.length === 0, 15000, 'recovery');
    const r = await client.callTool({ name: 'up-a-echo', arguments: { message: 'back' } });
    assert.equal(r.content[0].text, 'Echo: back');
    assert.ok((await toolNames(client)).includes('up-a-echo'));
  });

  test('disabling a gateway hides its tools; enabling brings them back', async () => {
    const off = await gw.api('POST', `/gateways/${idA}/state?activate=false`);
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.enabled, false);
    assert.ok(!(await toolNames(client)).includes('up-a-echo'));
    const on = await gw.api('POST', `/gateways/${idA}/state`, { activate: true });
    assert.equal(on.json.enabled, true);
    await waitFor(async () => (await toolNames(client)).includes('up-a-echo'), 10000, 'tools back');
    const r = await client.callTool({ name: 'up-a-echo', arguments: { message: 'on again' } });
    assert.equal(r.content[0].text, 'Echo: on again');
  });

  test('connected clients hear tools/list_changed when the catalog changes', async () => {
    let heard = 0;
    const listener = new Client({ name: 'listener', version: '1.0.0' });
    listener.setNotificationHandler(ToolListChangedNotificationSchema, () => { heard += 1; });
    await listener.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
    try {
      await new Promise((r) => setTimeout(r, 300));  // the SDK opens its GET stream after initialize
      const before = heard;
      const off = await gw.api('POST', `/gateways/${idB}/state?activate=false`);
      assert.equal(off.status, 200);
      await waitFor(() => heard > before, 5000, 'notifications/tools/list_changed');
      assert.ok(!(await toolNames(listener)).includes('up-b-echo'));
      assert.equal((await gw.api('POST', `/gateways/${idB}/state?activate=true`)).status, 200);
    } finally {
      await listener.close();
    }
  });

  test('refresh rediscovers; delete removes the gateway with its catalog', async () => {
    const refreshed = await gw.api('POST', `/gateways/${idB}/tools/refresh`);
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.ok(refreshed.json.tools > 5);
    const removed = await gw.api('DELETE', `/gateways/${idB}`);
    assert.equal(removed.status, 200);
    const tools = (await gw.api('GET', '/tools')).json;
    assert.ok(tools.every((t) => t.gatewayId !== idB));
    assert.ok(!(await toolNames(client)).includes('up-b-echo'));
  });
});

describe('serve says why a stdio gateway cannot start', () => {
  test('registering a command that dies at start answers 502 with its exit code and stderr', async () => {
    const gw = await startServe();
    try {
      for (const [name, command] of [
        ['dies-at-once', `sh -c "echo 'fatal: missing API key' >&2; exit 3"`],
        // stdout closes first; the stderr line and the exit follow 300 ms later
        ['dies-late', `sh -c "exec >&-; sleep 0.3; echo 'fatal: missing API key' >&2; exit 3"`],
      ]) {
        const r = await gw.api('POST', '/gateways', { name, command });
        assert.equal(r.status, 502, r.text);
        assert.match(r.json.detail, new RegExp(`gateway '${name}'`));
        assert.match(r.json.detail, /exit code 3/, name);
        assert.match(r.json.detail, /fatal: missing API key/, name);
      }
    } finally { await gw.stop(); }
  });
});

describe('serve passes only the listed client headers upstream', () => {
  let gw, upstream, proxy;
  before(async () => {
    upstream = await startEverythingHttp('streamableHttp');
    proxy = await startRecordingProxy(upstream.base);
    gw = await startServe();
  });
  after(async () => {
    await gw?.stop();
    await proxy?.close();
    await upstream?.stop();
  });

  test('passthrough_headers reach the upstream; the client token and other headers do not', async () => {
    const reg = await gw.api('POST', '/gateways', {
      name: 'relay', url: `${proxy.base}/mcp`, passthrough_headers: ['X-Tenant-Id', 'Authorization'],
    });
    assert.equal(reg.status, 201, reg.text);
    const client = new Client({ name: 'headers', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${gw.token}`, 'X-Tenant-Id': 'acme', 'X-Secret-Thing': 'hidden' } },
    }));
    try {
      const before = proxy.seen.length;
      const r = await client.callTool({ name: 'relay-echo', arguments: { message: 'with headers' } });
      assert.equal(r.content[0].text, 'Echo: with headers');
      // The call's own POST: a health-check ping may reach the proxy first.
      const call = proxy.seen.slice(before).find((s) => s.method === 'POST' && s.body.includes('"tools/call"'));
      assert.ok(call, 'the call went through the proxy');
      assert.equal(call.headers['x-tenant-id'], 'acme');
      assert.equal(call.headers['x-secret-thing'], undefined, 'unlisted headers stay behind');
      assert.ok(!JSON.stringify(proxy.seen).includes(gw.token), 'the gateway token never goes upstream');
    } finally {
      await client.close();
    }
  });
});

describe('serve enables and disables single catalog entries', () => {
  let gw;
  before(async () => { gw = await startServe(); });
  after(async () => { await gw?.stop(); });

  test('a disabled tool leaves tools/list and cannot be called, also after a refresh; enabling brings it back', async () => {
    const reg = await gw.api('POST', '/gateways', { name: 'one', command: everythingStdio });
    assert.equal(reg.status, 201, reg.text);
    const echo = (await gw.api('GET', '/tools')).json.find((t) => t.name === 'one-echo');
    const off = await gw.api('POST', `/tools/${echo.id}/state?activate=false`);
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.enabled, false);
    const rpc = (name) => gw.api('POST', '/rpc', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: { message: 'x' } } });
    assert.match((await rpc('one-echo')).json.error.message, /Unknown tool/);
    assert.equal((await gw.api('POST', `/gateways/${reg.json.id}/tools/refresh`)).status, 200);
    assert.equal((await gw.api('GET', `/tools/${echo.id}`)).json.enabled, false, 'the refresh kept it disabled');
    const list = await gw.api('POST', '/rpc', { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    assert.ok(!list.json.result.tools.some((t) => t.name === 'one-echo'));
    assert.equal((await gw.api('POST', `/tools/${echo.id}/toggle`, { activate: true })).json.enabled, true);
    assert.equal((await rpc('one-echo')).json.result.content[0].text, 'Echo: x');
    assert.equal((await gw.api('POST', '/tools/nope/state?activate=true')).status, 404);
    assert.equal((await gw.api('POST', `/tools/${echo.id}/state`)).status, 422);
  });
});

describe('serve reconnects to a gateway with backoff, without waiting for the health check', () => {
  test('a call that cannot reach the upstream marks it down; it is back within seconds of returning', async () => {
    const port = await freePort();
    let upstream = await everythingOn(port);
    const gw = await startServe({ env: { HEALTH_CHECK_INTERVAL: '3600', UNHEALTHY_THRESHOLD: '3' } });
    try {
      assert.equal((await gw.api('POST', '/gateways', { name: 'flaky', url: `http://127.0.0.1:${port}/mcp` })).status, 201);
      const rpc = () => gw.api('POST', '/rpc', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'flaky-echo', arguments: { message: 'hi' } } });
      await stopProcess(upstream);
      const failed = await rpc();
      assert.match(failed.json.error.message, /flaky/);
      await waitFor(async () => (await gw.api('GET', '/health')).json.gateways.unreachable.length === 1, 15000, 'marked down');
      upstream = await everythingOn(port);
      await waitFor(async () => (await gw.api('GET', '/health')).json.gateways.unreachable.length === 0, 15000, 'reconnected');
      assert.equal((await rpc()).json.result.content[0].text, 'Echo: hi');
    } finally {
      await gw.stop();
      await stopProcess(upstream);
    }
  });
});
