// Client session churn leaves mcpgw serve as it found it; sessions are capped and expire on time.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './lib/serve.mjs';
import { waitFor } from './lib/harness.mjs';
import { rssKb, fdCount, childrenOf } from './lib/proc_stats.mjs';
import { inParallel } from './lib/churn.mjs';

const init = { jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'churn', version: '1' } } };

function headers(gw, extra = {}) {
  return { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
    Authorization: `Bearer ${gw.token}`, ...extra };
}

async function open(gw) {
  const r = await fetch(`${gw.base}/mcp`, { method: 'POST', headers: headers(gw), body: JSON.stringify(init) });
  await r.arrayBuffer();
  return r;
}

async function session(gw) {
  const r = await open(gw);
  assert.equal(r.status, 200);
  const d = await fetch(`${gw.base}/mcp`, { method: 'DELETE',
    headers: headers(gw, { 'Mcp-Session-Id': r.headers.get('mcp-session-id') }) });
  await d.arrayBuffer();
  assert.ok(d.status === 200 || d.status === 204, `DELETE answered ${d.status}`);
}

describe('serve under session churn', () => {
  test('10,000 client sessions open and close; nothing is left', { timeout: 150000 }, async () => {
    const gw = await startServe();
    try {
      await inParallel(500, 8, () => session(gw));
      const children = childrenOf(gw.proc.pid).length;
      const start = { fds: fdCount(gw.proc.pid), rss: rssKb(gw.proc.pid) };
      await inParallel(10000, 8, () => session(gw));
      await waitFor(() => fdCount(gw.proc.pid) <= start.fds, 5000, 'descriptors to settle').catch(() => {});
      const end = { fds: fdCount(gw.proc.pid), rss: rssKb(gw.proc.pid) };
      console.log(`serve churn: rss ${start.rss} → ${end.rss} kB, fds ${start.fds} → ${end.fds}`);
      assert.equal(childrenOf(gw.proc.pid).length, children);
      assert.ok(end.fds <= start.fds, `descriptors grew from ${start.fds} to ${end.fds}`);
      assert.ok(end.rss <= start.rss * 1.1, `RSS grew from ${start.rss} to ${end.rss} kB`);
    } finally {
      await gw.stop();
    }
  });
});

describe('serve session limits', () => {
  test('past MCPGW_MAX_SESSIONS a new session gets 503 with Retry-After', async () => {
    const gw = await startServe({ env: { MCPGW_MAX_SESSIONS: '2' } });
    try {
      const a = await open(gw);
      assert.equal(a.status, 200);
      assert.equal((await open(gw)).status, 200);
      const c = await open(gw);
      assert.equal(c.status, 503);
      assert.match(c.headers.get('retry-after') ?? '', /^\d+$/);
      const sse = await fetch(`${gw.base}/sse`, { headers: headers(gw) });
      assert.equal(sse.status, 503);
      await fetch(`${gw.base}/mcp`, { method: 'DELETE', headers: headers(gw, { 'Mcp-Session-Id': a.headers.get('mcp-session-id') }) });
      assert.equal((await open(gw)).status, 200);
    } finally {
      await gw.stop();
    }
  });

  test('an idle session is gone as soon as SESSION_TTL passes', async () => {
    const gw = await startServe({ env: { SESSION_TTL: '1' } });
    try {
      const r = await open(gw);
      assert.equal(r.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const ping = await fetch(`${gw.base}/mcp`, { method: 'POST',
        headers: headers(gw, { 'Mcp-Session-Id': r.headers.get('mcp-session-id') }),
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }) });
      assert.equal(ping.status, 404);
    } finally {
      await gw.stop();
    }
  });
});
