// A response stream whose connection breaks is picked up again with GET + Last-Event-ID:
// nothing the server sent after the last event the client saw is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTranslate, everythingStdio } from './lib/harness.mjs';

const accept = 'application/json, text/event-stream';

function request(port, { method = 'POST', headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/mcp', method,
      headers: { 'Content-Type': 'application/json', Accept: accept, ...headers } }, resolve);
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

/** Reads SSE events from a response until `stop(event)` is true or the stream ends. */
function readEvents(res, stop) {
  return new Promise((resolve) => {
    const events = [];
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = { id: block.match(/^id: (.*)$/m)?.[1], data: block.match(/^data: (.*)$/m)?.[1] };
        if (!event.data) continue;
        event.json = JSON.parse(event.data);
        events.push(event);
        if (stop(event)) { resolve(events); return; }
      }
    });
    res.on('end', () => resolve(events));
  });
}

test('a broken response stream resumes with Last-Event-ID and loses nothing', async () => {
  const gw = await startTranslate(['--stdio', everythingStdio]);
  try {
    const init = await request(gw.port, { body: { jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'resume', version: '1' } } } });
    const sid = init.headers['mcp-session-id'];
    init.resume();
    const h = { 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-06-18' };
    (await request(gw.port, { headers: h, body: { jsonrpc: '2.0', method: 'notifications/initialized' } })).resume();

    const call = await request(gw.port, { headers: h, body: { jsonrpc: '2.0', id: 'long', method: 'tools/call',
      params: { name: 'trigger-long-running-operation', arguments: { duration: 1.5, steps: 5 }, _meta: { progressToken: 'pt' } } } });
    assert.match(call.headers['content-type'], /text\/event-stream/);
    // Read up to the first progress event, then drop the connection.
    const seen = (await readEvents(call, (e) => e.json.method === 'notifications/progress'))
      .filter((e) => e.json.method === 'notifications/progress');
    call.destroy();
    assert.equal(seen.length, 1);
    assert.match(seen[0].id, /^\d+-\d+$/);

    await new Promise((r) => setTimeout(r, 600));        // more progress is sent while nobody listens
    const resumed = await request(gw.port, { method: 'GET', headers: { ...h, Accept: 'text/event-stream', 'Last-Event-ID': seen[0].id } });
    assert.equal(resumed.statusCode, 200);
    const rest = await readEvents(resumed, (e) => e.json.id === 'long');
    resumed.destroy();
    const progress = rest.filter((e) => e.json.method === 'notifications/progress').map((e) => e.json.params.progress);
    const final = rest.at(-1).json;
    assert.equal(final.id, 'long', 'the response arrives on the resumed stream');
    assert.match(final.result.content[0].text, /completed/);
    assert.deepEqual([seen[0].json.params.progress, ...progress], [1, 2, 3, 4, 5], 'every progress step exactly once');
    assert.ok(rest.every((e) => e.id.startsWith(seen[0].id.split('-')[0] + '-')), 'only events of that stream');
  } finally {
    await gw.stop();
  }
});
