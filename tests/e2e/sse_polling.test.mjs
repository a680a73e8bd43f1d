// SEP-1699 (2025-11-25 transports) across hops: a server that closes a call's SSE stream after
// its priming event (SDK 1.x with an event store, tests/e2e/lib/sse_polling_server.mjs) behind
// `translate --stdio "mcpgw translate --connect URL"`. The inner hop resumes with Last-Event-ID;
// the outer hop opens slow answers' streams with its own priming event, so a client that loses
// its connection resumes from it too.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { e2eDir, mcpgwBin, startTranslate, stopProcess } from './lib/harness.mjs';

const node22 = path.join(e2eDir, 'node22/node_modules/.bin/node');
const suite = path.join(e2eDir, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');

function runScenario(url) {
  return new Promise((resolve, reject) => {
    const proc = spawn(node22, [suite, 'server', '--url', url, '--scenario', 'server-sse-polling'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => { out += d; });
    proc.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`scenario timed out:\n${out}`)); }, 60000);
    proc.on('exit', () => { clearTimeout(timer); resolve(out.replace(/\x1b\[[0-9;]*m/g, '')); });
  });
}

const checks = (out) => Object.fromEntries([...out.matchAll(/\[(server-sse-[\w-]+)\s*\] (\w+)/g)].map((m) => [m[1], m[2]]));

/** Opens a legacy session at `base` with `version`; returns its id. */
async function openSession(base, version) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  const r = await fetch(`${base}/mcp`, { method: 'POST', headers,
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'poll', version: '1' } } }) });
  assert.equal(r.status, 200);
  await r.text();
  const sid = r.headers.get('mcp-session-id');
  await fetch(`${base}/mcp`, { method: 'POST', headers: { ...headers, 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': version },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  return sid;
}

/** Raw HTTP: sends `request`, returns the bytes read until `until` matches or `ms` pass, then drops the connection. */
function rawExchange(base, request, until, ms = 5000) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const sock = net.connect(Number(u.port), '127.0.0.1');
    let data = '';
    const done = () => { clearTimeout(timer); sock.destroy(); resolve(data); };
    const timer = setTimeout(done, ms);
    sock.on('data', (d) => { data += d; if (until.test(data)) done(); });
    sock.write(request);
  });
}

function post(base, sid, version, body) {
  const text = JSON.stringify(body);
  return `POST /mcp HTTP/1.1\r\nHost: ${new URL(base).host}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
    `Mcp-Session-Id: ${sid}\r\nMCP-Protocol-Version: ${version}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

describe('a server that closes its SSE streams, behind two mcpgw hops', () => {
  let upstream, url, outer;
  before(async () => {
    upstream = spawn('node', [path.join(e2eDir, 'lib/sse_polling_server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise((r) => upstream.stdout.once('data', (d) => r(JSON.parse(d).port)));
    url = `http://127.0.0.1:${port}/mcp`;
    outer = await startTranslate(['--stdio', `${mcpgwBin} translate --connect ${url}`]);
  });
  after(async () => {
    await outer?.stop();
    if (upstream) await stopProcess(upstream);
  });

  test('the conformance scenario passes against the server itself', async () => {
    const got = checks(await runScenario(url));
    assert.deepEqual(got, { 'server-sse-priming-event': 'SUCCESS', 'server-sse-retry-field': 'SUCCESS', 'server-sse-disconnect-resume': 'SUCCESS' });
  });

  test('through the chain the call completes, on a stream that opens with a priming event and a retry', async () => {
    const out = await runScenario(`${outer.base}/mcp`);
    const got = checks(out);
    assert.equal(got['server-sse-priming-event'], 'SUCCESS', out);
    assert.equal(got['server-sse-retry-field'], 'SUCCESS', out);
    assert.match(out, /Received tool response on POST stream/, 'the inner hop resumed the closed stream');
    assert.doesNotMatch(out, /FAILURE/);
  });

  test('a client whose connection drops after the priming event resumes from it with GET and Last-Event-ID', async () => {
    const sid = await openSession(outer.base, '2025-11-25');
    const call = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'test_reconnection', arguments: {} } };
    const head = await rawExchange(outer.base, post(outer.base, sid, '2025-11-25', call), /data: \n\n/);
    assert.match(head, /Content-Type: text\/event-stream/);
    const priming = head.match(/id: (\S+)\nretry: (\d+)\ndata: \n\n/);
    assert.ok(priming, `a priming event first:\n${head}`);
    assert.doesNotMatch(head, /Reconnection test completed/, 'the connection dropped before the answer');
    const res = await fetch(`${outer.base}/mcp`, { headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': sid,
      'MCP-Protocol-Version': '2025-11-25', 'Last-Event-ID': priming[1] }, signal: AbortSignal.timeout(10000) });
    assert.equal(res.status, 200);
    const replay = await res.text();
    assert.match(replay, /"id":7/);
    assert.match(replay, /Reconnection test completed/);
  });

  test('a 2025-06-18 session gets no priming event (older clients may choke on empty data)', async () => {
    const sid = await openSession(outer.base, '2025-06-18');
    const call = { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'test_reconnection', arguments: {} } };
    const whole = await rawExchange(outer.base, post(outer.base, sid, '2025-06-18', call), /Reconnection test completed.*\n/s);
    assert.match(whole, /Reconnection test completed/);
    assert.doesNotMatch(whole, /retry: /);
    assert.doesNotMatch(whole, /data: \n\n/);
  });
});
