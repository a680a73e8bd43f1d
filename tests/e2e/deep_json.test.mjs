// JSON nested past mcpgw's limit (256 levels) is refused wherever it enters: client bodies of
// every transport, batches, REST bodies, tokens, a stdio child's lines, an upstream's SSE
// events, config files. None of it may crash the gateway (70,000 levels once overflowed the stack).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startTranslate, everythingStdio, mcpgwBin } from './lib/harness.mjs';
import { startServe } from './lib/serve.mjs';

const jsonHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const LIMIT = 256;
const init = { jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'deep', version: '1' } } };
const modernMeta = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'deep', version: '1' },
};

/** `levels` nested arrays as text. */
const deep = (levels) => '['.repeat(levels) + ']'.repeat(levels);
/** A request whose params hold `levels` nested arrays; the whole message nests two levels more. */
const deepRequest = (id, method, levels, extra = '') =>
  `{"jsonrpc":"2.0","id":${id},"method":"${method}","params":{${extra}"x":${deep(levels)}}}`;

async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { ...jsonHeaders, ...headers }, body });
  const text = await res.text();
  let json; try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, text, json };
}

/** Opens a legacy session with initialize; returns its Mcp-Session-Id. */
async function openSession(base, headers = {}) {
  const res = await fetch(`${base}/mcp`, { method: 'POST', headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(init) });
  assert.equal(res.status, 200, await res.text());
  return res.headers.get('mcp-session-id');
}

function assertTooDeep(r) {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.code, -32700);
  assert.match(r.json.error.message, /deeper than 256 levels/);
}

/** A stdio MCP server (node) that answers initialize, then writes `line` for any other request. */
function scriptedChild(dir, line) {
  const file = path.join(dir, 'child.cjs');
  fs.writeFileSync(file, `
const rl = require('readline').createInterface({ input: process.stdin });
rl.on('line', (l) => {
  const m = JSON.parse(l);
  if (m.id === undefined) return;
  if (m.method === 'initialize') {
    process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: '2025-03-26',
      capabilities: { tools: {} }, serverInfo: { name: 'deep-child', version: '1' } } }) + '\\n');
  } else {
    process.stdout.write(${JSON.stringify(line)}.replace('ID', JSON.stringify(m.id)) + '\\n');
    process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { after: 'deep' } }) + '\\n');
  }
});`);
  return `node ${file}`;
}

describe('translate refuses deep JSON from clients and from its child', () => {
  let gw, sid, dir;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-deep-'));
    gw = await startTranslate(['--stdio', everythingStdio, '--expose-sse', '--expose-streamable-http']);
    sid = await openSession(gw.base);
  });
  after(async () => {
    await gw?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a 2026-07-28 request without a session, 70,000 levels deep, gets -32700', async () => {
    const body = deepRequest(1, 'tools/list', 70000, `"_meta":${JSON.stringify(modernMeta)},`);
    const r = await post(`${gw.base}/mcp`, body, { 'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/list' });
    assertTooDeep(r);
    assert.equal((await fetch(`${gw.base}/healthz`)).status, 200, 'translate still up');
  });

  test('deep tools/call arguments in a session get -32700; the session goes on', async () => {
    const body = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"message":${deep(70000)}}}}`;
    assertTooDeep(await post(`${gw.base}/mcp`, body, { 'Mcp-Session-Id': sid }));
    const ok = await post(`${gw.base}/mcp`, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' }), { 'Mcp-Session-Id': sid });
    assert.equal(ok.status, 200, ok.text);
  });

  test('a batch with one deep element gets -32700', async () => {
    const body = `[{"jsonrpc":"2.0","id":4,"method":"ping"},${deepRequest(5, 'ping', 70000)}]`;
    assertTooDeep(await post(`${gw.base}/mcp`, body, { 'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-03-26' }));
  });

  test('nesting just under the limit passes; one level more does not', async () => {
    // The message itself adds "params" and the object around it: 2 levels.
    const fits = `{"jsonrpc":"2.0","id":6,"method":"ping","params":{"x":${deep(LIMIT - 2)}}}`;
    const over = `{"jsonrpc":"2.0","id":7,"method":"ping","params":{"x":${deep(LIMIT - 1)}}}`;
    const a = await post(`${gw.base}/mcp`, fits, { 'Mcp-Session-Id': sid });
    assert.equal(a.status, 200, a.text);
    assertTooDeep(await post(`${gw.base}/mcp`, over, { 'Mcp-Session-Id': sid }));
  });

  test('the legacy SSE /message endpoint refuses deep JSON with -32700', async () => {
    const ctl = new AbortController();
    const stream = await fetch(`${gw.base}/sse`, { headers: { Accept: 'text/event-stream' }, signal: ctl.signal });
    const reader = stream.body.getReader();
    let text = '';
    while (!/session_id=/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    const endpoint = text.match(/data: (\S+)/)[1];
    const r = await post(new URL(endpoint, gw.base), deepRequest(8, 'ping', 70000));
    assertTooDeep(r);
    ctl.abort();
    assert.equal((await fetch(`${gw.base}/healthz`)).status, 200);
  });

  test('a child that writes a deep line: the line is dropped, the call still gets its real answer', async () => {
    const child = scriptedChild(dir, `{"jsonrpc":"2.0","id":ID,"result":{"x":${deep(70000)}}}`);
    const t = await startTranslate(['--stdio', child]);
    try {
      const session = await openSession(t.base);
      const call = await post(`${t.base}/mcp`, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
        { 'Mcp-Session-Id': session });
      assert.equal(call.status, 200, call.text);
      assert.deepEqual(call.json.result, { after: 'deep' });
      assert.match(t.stderr(), /upstream_bad_message.*deeper than 256 levels/);
    } finally { await t.stop(); }
  });
});

describe('serve refuses deep JSON on every way in', () => {
  let gw, upstream, upstreamUrl;
  before(async () => {
    // A streamable HTTP MCP server that answers tools/list with a deep SSE event.
    upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        if (req.method !== 'POST') { res.writeHead(405, { Allow: 'POST' }).end(); return; }
        const m = JSON.parse(body);
        if (m.id === undefined) { res.writeHead(202).end(); return; }
        if (m.method === 'initialize') {
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: m.id,
            result: { protocolVersion: '2025-03-26', capabilities: { tools: {} }, serverInfo: { name: 'deep', version: '1' } } }));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.end(`event: message\ndata: {"jsonrpc":"2.0","id":${JSON.stringify(m.id)},"result":{"tools":${deep(70000)}}}\n\n`);
      });
    });
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${upstream.address().port}/mcp`;
    gw = await startServe({ env: { TOOL_TIMEOUT: '5', FEDERATION_TIMEOUT: '5' } });
  });
  after(async () => {
    await gw?.stop();
    upstream?.close();
  });

  const alive = async () => assert.equal((await fetch(`${gw.base}/healthz`)).status, 200, 'serve still up');

  test('/rpc: a deep request gets -32700', async () => {
    const r = await gw.api('POST', '/rpc', deepRequest(1, 'tools/list', 70000));
    assertTooDeep(r);
    await alive();
  });

  test('/mcp: deep tools/call arguments get -32700', async () => {
    const session = await openSession(gw.base, { Authorization: `Bearer ${gw.token}` });
    const body = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x","arguments":{"a":${deep(70000)}}}}`;
    assertTooDeep(await post(`${gw.base}/mcp`, body, { Authorization: `Bearer ${gw.token}`, 'Mcp-Session-Id': session }));
    await alive();
  });

  test('a REST body nested too deep gets 422 naming the limit', async () => {
    const r = await gw.api('POST', '/gateways', `{"name":"deep","url":"http://127.0.0.1:1/mcp","tags":${deep(70000)}}`);
    assert.ok(r.status === 400 || r.status === 422, r.text);
    assert.match(r.text, /deeper than 256 levels/);
    await alive();
  });

  test('a token whose payload is nested too deep is refused with 401', async () => {
    const enc = (s) => Buffer.from(s).toString('base64url');
    // Small enough to pass the 8 KiB token limit, so the depth check is what refuses it.
    const token = `${enc('{"alg":"HS256","typ":"JWT"}')}.${enc(`{"sub":"x","n":${deep(LIMIT + 1)}}`)}.c2ln`;
    const r = await fetch(`${gw.base}/gateways`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 401);
    await alive();
  });

  test('an upstream whose SSE event is nested too deep: registration fails cleanly', async () => {
    const r = await gw.api('POST', '/gateways', { name: 'deep-upstream', url: upstreamUrl });
    assert.notEqual(r.status, 201, r.text);
    assert.ok(r.status >= 400, r.text);
    await alive();
  });
});

describe('config files nested too deep are refused at startup', () => {
  test('a TOML, YAML or list setting nested too deep: exit 1 with a message, no crash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-deep-config-'));
    try {
      const cases = {
        'deep.toml': `port = 4444\nallowed_origins = ${deep(70000)}\n`,
        'deep.yaml': `port: 4444\nallowed_origins: ${deep(70000)}\n`,
      };
      for (const [name, text] of Object.entries(cases)) {
        fs.writeFileSync(path.join(dir, name), text);
        const r = spawnSync(mcpgwBin, ['serve', '--config', path.join(dir, name), '--port', '0'],
          { cwd: dir, encoding: 'utf8', timeout: 10000 });
        assert.equal(r.status, 1, `${name}: ${r.stderr}`);
        assert.match(r.stderr, /mcpgw: error: /, name);
      }
      const env = spawnSync(mcpgwBin, ['serve', '--port', '0'],
        { cwd: dir, encoding: 'utf8', timeout: 10000, env: { ...process.env, ALLOWED_ORIGINS: deep(10000) } });
      assert.equal(env.status, 1, env.stderr);
      assert.match(env.stderr, /mcpgw: error: /);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});
