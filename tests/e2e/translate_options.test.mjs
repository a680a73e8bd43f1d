// translate's options as users set them: per-session environment from request headers, static
// child environment, extra response headers, CORS, custom paths, --json-response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTranslate, everythingStdio } from './lib/harness.mjs';

async function envOfChild(url, headers) {
  const client = new Client({ name: 'env', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  const r = await client.callTool({ name: 'get-env', arguments: {} });
  await client.close();
  return JSON.parse(r.content[0].text);
}

test('--header-to-env gives each session the value of its own request header', async () => {
  const gw = await startTranslate(['--stdio', everythingStdio, '--enable-dynamic-env',
    '--header-to-env', 'X-Api-Key=UPSTREAM_API_KEY', '--env', 'STATIC_SETTING=fixed']);
  try {
    const alice = await envOfChild(`${gw.base}/mcp`, { 'X-Api-Key': 'alice-key' });
    const bob = await envOfChild(`${gw.base}/mcp`, { 'X-Api-Key': 'bob-key' });
    assert.equal(alice.UPSTREAM_API_KEY, 'alice-key');
    assert.equal(bob.UPSTREAM_API_KEY, 'bob-key');
    assert.equal(alice.STATIC_SETTING, 'fixed');
  } finally { await gw.stop(); }
});

test('--header-to-env without --enable-dynamic-env is refused at startup', async () => {
  await assert.rejects(startTranslate(['--stdio', everythingStdio, '--header-to-env', 'A=B']),
    /needs --enable-dynamic-env/);
});

test('--header, --cors and custom paths', async () => {
  const gw = await startTranslate(['--stdio', everythingStdio, '--header', 'X-Served-By: mcpgw-test',
    '--cors', 'https://app.example.com', '--mcp-path', '/rpc', '--sse-path', '/events', '--message-path', '/post']);
  try {
    const preflight = await fetch(`${gw.base}/rpc`, { method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(preflight.headers.get('access-control-allow-headers'), /Mcp-Session-Id/);
    assert.equal(preflight.headers.get('x-served-by'), 'mcpgw-test');

    const foreign = await fetch(`${gw.base}/rpc`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example.com' } });
    assert.equal(foreign.status, 403);

    const client = new Client({ name: 'paths', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/rpc`)));
    const r = await client.callTool({ name: 'echo', arguments: { message: 'custom path' } });
    assert.equal(r.content[0].text, 'Echo: custom path');
    await client.close();
    assert.equal((await fetch(`${gw.base}/mcp`, { method: 'POST' })).status, 404);
    const sse = await fetch(`${gw.base}/events`, { headers: { Accept: 'text/event-stream' } });
    const reader = sse.body.getReader();
    const { value } = await reader.read();
    assert.match(new TextDecoder().decode(value), /event: endpoint\ndata: \/post\?session_id=/);
    await reader.cancel();
  } finally { await gw.stop(); }
});

test('--json-response answers even a call with progress as plain JSON', async () => {
  const gw = await startTranslate(['--stdio', everythingStdio, '--json-response']);
  try {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const init = await fetch(`${gw.base}/mcp`, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1,
      method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'j', version: '1' } } }) });
    const sid = init.headers.get('mcp-session-id');
    await init.text();
    const call = await fetch(`${gw.base}/mcp`, { method: 'POST', headers: { ...headers, 'Mcp-Session-Id': sid },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'trigger-long-running-operation',
        arguments: { duration: 0.3, steps: 2 }, _meta: { progressToken: 7 } } }) });
    assert.match(call.headers.get('content-type'), /application\/json/);
    const body = await call.json();
    assert.equal(body.id, 2);
    assert.match(body.result.content[0].text, /completed/);
  } finally { await gw.stop(); }
});
