// HTTP semantics of translate and serve, as a reverse proxy in front of them expects (RFC 9110/9112):
// 405 with Allow on every route, HEAD without content, CORS preflights that allow what an allowed
// origin asks for, a connection cap, and an accept loop that stays calm when descriptors run out.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { startTranslate, everythingStdio, mcpgwBin, stopProcess, waitFor } from './lib/harness.mjs';
import { startServe } from './lib/serve.mjs';

/** Writes `text` on a fresh loopback connection; resolves with everything read until the server closes. */
function rawExchange(port, text, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    const timer = setTimeout(() => { socket.destroy(); resolve(`${received}<open>`); }, timeoutMs);
    socket.on('data', (d) => { received += d; });
    socket.on('end', () => { clearTimeout(timer); socket.destroy(); resolve(received); });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

/** Asserts `method path` gets 405 and an Allow listing `allow`. */
async function expect405(base, method, route, allow, headers = {}) {
  const res = await fetch(`${base}${route}`, { method, headers });
  await res.arrayBuffer();
  assert.equal(res.status, 405, `${method} ${route}`);
  assert.equal(res.headers.get('allow'), allow, `Allow of ${route}`);
}

/** HEAD then GET of `route` on one connection: the HEAD answer has GET's Content-Length and no content. */
async function expectHead(port, route, auth = '') {
  const authLine = auth ? `Authorization: Bearer ${auth}\r\n` : '';
  const out = await rawExchange(port, `HEAD ${route} HTTP/1.1\r\nHost: 127.0.0.1\r\n${authLine}\r\n`
    + `GET ${route} HTTP/1.1\r\nHost: 127.0.0.1\r\n${authLine}Connection: close\r\n\r\n`);
  const [headAnswer, getAnswer] = out.split(/(?=HTTP\/1\.1 )/);
  assert.match(headAnswer, /^HTTP\/1\.1 200/);
  assert.ok(getAnswer, `a second answer after HEAD's:\n${out}`);
  const length = (answer) => Number(answer.match(/Content-Length: (\d+)/i)[1]);
  const [, body] = getAnswer.split('\r\n\r\n');
  assert.ok(length(getAnswer) > 0);
  assert.equal(length(headAnswer), length(getAnswer));
  assert.equal(body.length, length(getAnswer));
  assert.ok(headAnswer.endsWith('\r\n\r\n'), `HEAD's answer ends with its header:\n${headAnswer}`);
}

async function preflight(base, route, origin, requestHeaders) {
  const headers = { Origin: origin, 'Access-Control-Request-Method': 'POST' };
  if (requestHeaders) headers['Access-Control-Request-Headers'] = requestHeaders;
  const res = await fetch(`${base}${route}`, { method: 'OPTIONS', headers });
  await res.arrayBuffer();
  return res;
}

/** What an allowed origin, a loopback origin not in the CORS list, and a bad header list get. */
async function checkPreflights(base, route, allowed) {
  const asked = 'content-type, mcp-method, mcp-name, mcp-param-city, x-tenant-id';
  const ok = await preflight(base, route, allowed, asked);
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), allowed);
  assert.equal(ok.headers.get('access-control-allow-headers'), asked);
  assert.match(ok.headers.get('access-control-allow-methods'), /POST/);
  assert.equal(ok.headers.get('vary'), 'Origin, Access-Control-Request-Headers');

  const bad = await preflight(base, route, allowed, 'x-ok, bad header(');
  assert.equal(bad.status, 204);
  assert.equal(bad.headers.get('access-control-allow-headers'), null);

  // Loopback origins pass the DNS-rebinding check but are not CORS origins: no CORS fields at all.
  const other = await preflight(base, route, 'http://localhost:9', asked);
  assert.equal(other.status, 204);
  for (const [name] of other.headers) assert.ok(!name.startsWith('access-control-'), `${name} for a foreign origin`);
}

describe('translate', () => {
  let gw;
  before(async () => { gw = await startTranslate(['--stdio', everythingStdio, '--cors', 'https://app.example.com']); });
  after(async () => { await gw?.stop(); });

  test('every route answers a method it does not take with 405 and Allow', async () => {
    const mcp = 'GET, POST, DELETE, OPTIONS';
    const refused = [['POST', '/healthz', 'GET, HEAD'], ['PUT', '/mcp', mcp], ['HEAD', '/mcp', mcp],
      ['POST', '/sse', 'GET, OPTIONS'], ['HEAD', '/sse', 'GET, OPTIONS'], ['GET', '/message', 'POST, OPTIONS']];
    for (const [method, route, allow] of refused) await expect405(gw.base, method, route, allow);
    assert.equal((await fetch(`${gw.base}/nowhere`, { method: 'POST' })).status, 404);
  });

  test('HEAD /healthz has GET\'s Content-Length and no content', async () => {
    await expectHead(gw.port, '/healthz');
  });

  test('a CORS preflight allows the headers an allowed origin asks for, and only that origin', async () => {
    await checkPreflights(gw.base, '/mcp', 'https://app.example.com');
  });
});

describe('serve', () => {
  let gw;
  before(async () => { gw = await startServe({ env: { ALLOWED_ORIGINS: 'https://app.example.com' } }); });
  after(async () => { await gw?.stop(); });

  test('every route answers a method it does not take with 405 and Allow', async () => {
    const auth = { Authorization: `Bearer ${gw.token}` };
    const get = 'GET, HEAD, OPTIONS';
    const post = 'POST, OPTIONS';
    const refused = [['POST', '/health', 'GET, HEAD'], ['DELETE', '/ready', 'GET, HEAD'], ['POST', '/version', get],
      ['DELETE', '/metrics', get], ['GET', '/rpc', post], ['PUT', '/mcp', 'GET, POST, DELETE, OPTIONS'],
      ['PATCH', '/gateways', 'GET, HEAD, POST, OPTIONS'], ['POST', '/v1/gateways/abc', 'GET, HEAD, PUT, DELETE, OPTIONS'],
      ['GET', '/gateways/abc/tools/refresh', post], ['DELETE', '/tools', 'GET, HEAD, POST, OPTIONS'],
      ['PATCH', '/tools/abc', 'GET, HEAD, PUT, DELETE, OPTIONS'], ['GET', '/tools/openapi', post],
      ['PUT', '/resources/templates', get],
      ['PATCH', '/prompts/abc', 'GET, HEAD, POST, PUT, DELETE, OPTIONS'], ['GET', '/prompts/abc/rollback', post],
      ['POST', '/prompts/abc/versions', get], ['DELETE', '/export', get], ['GET', '/import', post],
      ['GET', '/prompts/abc/state', post], ['GET', '/tokens/revoke', post], ['HEAD', '/servers/abc/sse', 'GET, OPTIONS']];
    for (const [method, route, allow] of refused) await expect405(gw.base, method, route, allow, auth);
    assert.equal((await gw.api('POST', '/nowhere')).status, 404);
  });

  test('HEAD has GET\'s Content-Length and no content, on open and REST routes', async () => {
    await expectHead(gw.port, '/health');
    await expectHead(gw.port, '/v1/gateways', gw.token);
    await expectHead(gw.port, '/version', gw.token);
  });

  test('a CORS preflight allows the headers an allowed origin asks for, and only that origin', async () => {
    await checkPreflights(gw.base, '/mcp', 'https://app.example.com');
    await checkPreflights(gw.base, '/gateways', 'https://app.example.com');
  });
});

/** Opens `count` idle loopback connections to `port`; resolves once each is connected (or failed). */
async function openIdle(port, count) {
  const sockets = [];
  await Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', resolve);
    s.on('error', () => resolve());
    sockets.push(s);
  })));
  return sockets;
}

async function healthy(base, timeoutMs) {
  const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(timeoutMs) }).catch(() => null);
  return res?.status === 200;
}

test('translate --max-connections: one more waits in the backlog until one closes', async () => {
  const gw = await startTranslate(['--stdio', everythingStdio, '--max-connections', '3']);
  let sockets = [];
  try {
    sockets = await openIdle(gw.port, 3);
    assert.equal(await healthy(gw.base, 500), false, 'a fourth connection is not served yet');
    sockets.pop().destroy();
    assert.equal(await healthy(gw.base, 3000), true);
  } finally {
    for (const s of sockets) s.destroy();
    await gw.stop();
  }
});

/** utime + stime of `pid` in clock ticks (100 per second on Linux). */
function cpuTicks(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

test('out of descriptors, translate backs off instead of spinning, and serves again after', async () => {
  const proc = spawn('sh', ['-c', `ulimit -n 64; exec "$0" translate --stdio "${everythingStdio}" --port 0`, mcpgwBin],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  let sockets = [];
  try {
    await waitFor(() => /event=listening/.test(stderr), 10000, 'translate to listen');
    const port = Number(stderr.match(/event=listening address=[^\s:]+:(\d+)/)[1]);
    const base = `http://127.0.0.1:${port}`;
    sockets = await openIdle(port, 100);  // past the 64 descriptors: the kernel's backlog holds the rest
    await new Promise((r) => setTimeout(r, 500));
    const logBefore = stderr.length;
    const ticksBefore = cpuTicks(proc.pid);
    await new Promise((r) => setTimeout(r, 3000));
    const cpuSeconds = (cpuTicks(proc.pid) - ticksBefore) / 100;
    const logged = stderr.length - logBefore;
    console.log(`out of descriptors for 3 s: ${cpuSeconds} s of CPU, ${logged} bytes of log`);
    assert.ok(cpuSeconds < 0.3, `CPU ${cpuSeconds} s over 3 s`);
    assert.ok(logged < 2000, `${logged} bytes logged:\n${stderr.slice(-500)}`);
    assert.match(stderr, /event=accept_failed/);
    for (const s of sockets) s.destroy();
    sockets = [];
    await waitFor(() => healthy(base, 1000), 10000, '/healthz once connections close');
  } finally {
    for (const s of sockets) s.destroy();
    await stopProcess(proc);
  }
});
