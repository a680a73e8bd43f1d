// Session churn leaves mcpgw translate as it found it: no frozen loop, no child, descriptor or
// memory left behind; sessions are capped and expire on time.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startTranslate, buildDir, mcpgwBin, waitFor } from './lib/harness.mjs';
import { childrenOf } from './lib/proc_stats.mjs';
import { inParallel, within, settled } from './lib/churn.mjs';

const echoServer = path.join(buildDir, 'echo_server');
const jsonHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const init = (id = 1) => ({ jsonrpc: '2.0', id, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'churn', version: '1' } } });

/** Legacy HTTP+SSE: open /sse, POST initialize to the endpoint, read its answer, close the stream. */
async function sseSession(base, agent) {
  const req = http.get(`${base}/sse`, { agent: false });
  try {
    const res = await new Promise((resolve, reject) => { req.once('response', resolve); req.once('error', reject); });
    assert.equal(res.statusCode, 200);
    res.setEncoding('utf8');
    let buffer = '';
    let ended = false;
    let wake = () => {};
    res.on('data', (chunk) => { buffer += chunk; wake(); });
    res.once('end', () => { ended = true; wake(); });
    const waitForText = (pattern) => new Promise((resolve, reject) => {
      wake = () => {
        const m = buffer.match(pattern);
        if (m) resolve(m);
        else if (ended) reject(new Error(`stream ended before ${pattern}: ${buffer}`));
      };
      wake();
    });
    const [, endpoint] = await waitForText(/event: endpoint\r?\ndata: (\S+)/);
    const posted = await new Promise((resolve, reject) => {
      const body = JSON.stringify(init());
      const post = http.request(`${base}${endpoint}`, { method: 'POST', agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (r) => {
        r.resume();
        r.on('end', () => resolve(r.statusCode));
      });
      post.once('error', reject);
      post.end(body);
    });
    assert.equal(posted, 202);
    await waitForText(/"protocolVersion"/);
  } finally {
    req.destroy();
  }
}

async function healthy(base, agent) {
  const status = await new Promise((resolve, reject) => {
    http.get(`${base}/healthz`, { agent }, (r) => { r.resume(); r.on('end', () => resolve(r.statusCode)); })
      .once('error', reject);
  });
  assert.equal(status, 200);
}

describe('translate under session churn', { concurrency: false }, () => {
  test('2,000 legacy SSE sessions open and close; /healthz answers between them; nothing is left', { timeout: 120000 }, async () => {
    const gw = await startTranslate(['--stdio', echoServer, '--expose-sse']);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    try {
      // Warm up first: the allocator and the first connections set the baseline.
      await inParallel(100, 4, () => within(5000, sseSession(gw.base, agent), 'SSE session'));
      agent.destroy();
      const start = await settled(gw, Infinity);
      await inParallel(2000, 4, async (i) => {
        await within(5000, sseSession(gw.base, agent), `SSE session ${i}`);
        if (i % 50 === 0) await within(2000, healthy(gw.base, agent), `/healthz after ${i} sessions`);
      });
      agent.destroy();
      const end = await settled(gw, start.fds);
      console.log(`translate SSE churn: rss ${start.rss} → ${end.rss} kB, fds ${start.fds} → ${end.fds}`);
      assert.ok(end.fds <= start.fds, `descriptors grew from ${start.fds} to ${end.fds}`);
      assert.ok(end.rss <= start.rss * 1.1, `RSS grew from ${start.rss} to ${end.rss} kB`);
    } finally {
      agent.destroy();
      await gw.stop();
    }
  });
});

describe('translate session limits', () => {
  test('past --max-sessions a new session gets 503 with Retry-After, and fits again once one ends', async () => {
    const gw = await startTranslate(['--stdio', echoServer, '--json-response', '--max-sessions', '2']);
    try {
      const open = async () => fetch(`${gw.base}/mcp`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify(init()) });
      const a = await open();
      const b = await open();
      assert.equal(a.status, 200);
      assert.equal(b.status, 200);
      const c = await open();
      assert.equal(c.status, 503);
      assert.match(c.headers.get('retry-after') ?? '', /^\d+$/);
      assert.equal((await c.json()).id, 1);
      // The legacy SSE transport counts against the same cap.
      const sse = await fetch(`${gw.base}/sse`);
      assert.equal(sse.status, 503);
      assert.ok(sse.headers.get('retry-after'));
      assert.equal(childrenOf(gw.proc.pid).length, 2);
      await fetch(`${gw.base}/mcp`, { method: 'DELETE', headers: { 'Mcp-Session-Id': a.headers.get('mcp-session-id') } });
      assert.equal((await open()).status, 200);
    } finally {
      await gw.stop();
    }
  });

  test('an idle session is gone as soon as --session-ttl passes: 404 at once, child stopped', async () => {
    const gw = await startTranslate(['--stdio', echoServer, '--json-response', '--session-ttl', '1']);
    try {
      const r = await fetch(`${gw.base}/mcp`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify(init()) });
      assert.equal(r.status, 200);
      const sid = r.headers.get('mcp-session-id');
      assert.equal(childrenOf(gw.proc.pid).length, 1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const ping = await fetch(`${gw.base}/mcp`, { method: 'POST', headers: { ...jsonHeaders, 'Mcp-Session-Id': sid },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }) });
      assert.equal(ping.status, 404);
      await waitFor(() => childrenOf(gw.proc.pid).length === 0, 5000, 'the expired session\'s child to stop');
    } finally {
      await gw.stop();
    }
  });

  test('the default --session-ttl for sessions with a child is 300 s, --max-sessions 100', async () => {
    const help = spawnSync(mcpgwBin, ['translate', '--help'], { encoding: 'utf8' }).stdout;
    assert.match(help, /--session-ttl INT:INT in \[1 - 604800\]=300\s/);
    assert.match(help, /--max-sessions INT:INT in \[0 - 1000000\]=100\s/);
  });
});
