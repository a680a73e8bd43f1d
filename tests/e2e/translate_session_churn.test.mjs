// 10,000 streamable HTTP sessions, each with its own child, leave mcpgw translate as it found it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startTranslate, buildDir } from './lib/harness.mjs';
import { inParallel, within, settled } from './lib/churn.mjs';

const echoServer = path.join(buildDir, 'echo_server');
const jsonHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const init = { jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'churn', version: '1' } } };

/** Open a streamable HTTP session (its own child) and DELETE it. */
async function streamableSession(base) {
  const r = await fetch(`${base}/mcp`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify(init) });
  assert.equal(r.status, 200, await r.text());
  await r.arrayBuffer().catch(() => {});
  const sid = r.headers.get('mcp-session-id');
  const d = await fetch(`${base}/mcp`, { method: 'DELETE', headers: { 'Mcp-Session-Id': sid } });
  await d.arrayBuffer();
  assert.ok(d.status === 200 || d.status === 204, `DELETE answered ${d.status}`);
}

test('10,000 streamable HTTP sessions open and close; nothing is left', { timeout: 280000 }, async () => {
  const gw = await startTranslate(['--stdio', echoServer, '--expose-streamable-http', '--json-response']);
  try {
    await inParallel(200, 8, () => within(5000, streamableSession(gw.base), 'session'));
    const start = await settled(gw, Infinity);
    await inParallel(10000, 8, (i) => within(5000, streamableSession(gw.base), `session ${i}`));
    const end = await settled(gw, start.fds);
    console.log(`translate streamable churn: rss ${start.rss} → ${end.rss} kB, fds ${start.fds} → ${end.fds}`);
    assert.ok(end.fds <= start.fds, `descriptors grew from ${start.fds} to ${end.fds}`);
    assert.ok(end.rss <= start.rss * 1.1, `RSS grew from ${start.rss} to ${end.rss} kB`);
  } finally {
    await gw.stop();
  }
});
