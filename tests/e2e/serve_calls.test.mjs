// Calls through mcpgw serve over time: cancellation reaches the upstream, progress keeps a long
// tool alive past TOOL_TIMEOUT while silence does not, SIGTERM lets calls in flight finish, and an
// acknowledged registration survives kill -9.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startEverythingHttp, waitFor } from './lib/harness.mjs';
import { startRecordingProxy } from './lib/recording_proxy.mjs';
import { startServe } from './lib/serve.mjs';

describe('serve relays the life of a call', () => {
  let gw, upstream, proxy, client;
  before(async () => {
    upstream = await startEverythingHttp('streamableHttp');
    proxy = await startRecordingProxy(upstream.base);
    gw = await startServe({ env: { TOOL_TIMEOUT: '2' } });
    const reg = await gw.api('POST', '/gateways', { name: 'ev', url: `${proxy.base}/mcp` });
    assert.equal(reg.status, 201, reg.text);
    client = new Client({ name: 'calls', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
  });
  after(async () => {
    await client?.close();
    await gw?.stop();
    await proxy?.close();
    await upstream?.stop();
  });

  test('a client that cancels a call has the upstream told (notifications/cancelled)', async () => {
    const abort = new AbortController();
    const call = client.callTool({ name: 'ev-trigger-long-running-operation', arguments: { duration: 3, steps: 3 } },
      undefined, { signal: abort.signal, onprogress: () => {}, timeout: 20000 });
    await new Promise((r) => setTimeout(r, 500));
    abort.abort('changed my mind');
    await assert.rejects(call);
    await waitFor(() => proxy.seen.some((s) => s.body.includes('notifications/cancelled')), 5000, 'the cancellation upstream');
    const cancel = proxy.seen.find((s) => s.body.includes('notifications/cancelled'));
    assert.match(cancel.body, /"requestId":\d+/, 'with the id the upstream knows the call by');
  });

  test('progress restarts the clock: a 4 s tool with progress outlives TOOL_TIMEOUT=2', async () => {
    const progress = [];
    const r = await client.callTool({ name: 'ev-trigger-long-running-operation', arguments: { duration: 4, steps: 4 } },
      undefined, { onprogress: (p) => progress.push(p), timeout: 20000 });
    assert.match(r.content[0].text, /completed/);
    assert.ok(progress.length >= 3);
  });

  test('silence does not: the same tool without progress fails after TOOL_TIMEOUT with a clear error', async () => {
    const started = Date.now();
    const outcome = await client.callTool({ name: 'ev-trigger-long-running-operation', arguments: { duration: 4, steps: 4 } },
      undefined, { timeout: 20000 }).then((r) => r, (e) => e);
    assert.ok(outcome instanceof Error, 'the call fails');
    assert.match(outcome.message, /did not answer within 2 s/);
    const took = Date.now() - started;
    assert.ok(took >= 1900 && took < 3900, `failed after ${took} ms`);
    const again = await client.callTool({ name: 'ev-echo', arguments: { message: 'after a timeout' } });
    assert.equal(again.content[0].text, 'Echo: after a timeout');
  });
});

describe('serve drains on SIGTERM', () => {
  test('a call in flight when SIGTERM arrives still completes, then serve exits 0', async () => {
    const upstream = await startEverythingHttp('streamableHttp');
    const gw = await startServe();
    try {
      const reg = await gw.api('POST', '/gateways', { name: 'ev', url: upstream.url });
      assert.equal(reg.status, 201, reg.text);
      const client = new Client({ name: 'drain', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`),
        { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
      const call = client.callTool({ name: 'ev-trigger-long-running-operation', arguments: { duration: 2, steps: 2 } },
        undefined, { onprogress: () => {}, timeout: 20000 });
      await new Promise((r) => setTimeout(r, 400));
      const exited = new Promise((r) => gw.proc.once('exit', (code) => r(code)));
      gw.proc.kill('SIGTERM');
      const r = await call;
      assert.match(r.content[0].text, /completed/);
      assert.equal(await exited, 0);
      assert.match(gw.stderr(), /event=shutdown signal=15 draining=true/);
      await client.close().catch(() => {});
    } finally {
      await gw.stop();
      await upstream.stop();
    }
  });
});

describe('serve keeps what it acknowledged', () => {
  test('a registration answered 201 survives kill -9 of the gateway', async () => {
    const upstream = await startEverythingHttp('streamableHttp');
    let gw = await startServe();
    try {
      const reg = await gw.api('POST', '/gateways', { name: 'durable', url: upstream.url });
      assert.equal(reg.status, 201, reg.text);
      const server = await gw.api('POST', '/servers', { name: 'durable-server', associated_tools: ['durable-echo'] });
      assert.equal(server.status, 201, server.text);
      gw.proc.kill('SIGKILL');
      await new Promise((r) => gw.proc.once('exit', r));
      gw = await startServe({ dir: gw.dir });
      const gateways = (await gw.api('GET', '/gateways')).json;
      assert.deepEqual(gateways.map((g) => g.id), [reg.json.id]);
      const again = await gw.api('GET', `/servers/${server.json.id}/tools`);
      assert.deepEqual(again.json.map((t) => t.name), ['durable-echo']);
    } finally {
      await gw.stop();
      await upstream.stop();
    }
  });
});
