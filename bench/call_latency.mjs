// usage: node bench/call_latency.mjs N WARMUP stdio COMMAND [ARGS...]
//        node bench/call_latency.mjs N WARMUP http URL legacy|modern
//
// Sends WARMUP, then N sequential tools/call `echo` requests, one at a time, and prints one JSON
// line: {"n", "p50_ms", "p99_ms", "mean_ms", "peak_rss_mb"}. With `stdio` it launches COMMAND as
// a desktop client launches an MCP server (newline-delimited JSON-RPC on its stdin/stdout) and
// reports the command's peak RSS (VmHWM) after the run; with `http` it posts straight to URL
// over one keep-alive connection (a bare socket), as a legacy session or as 2026-07-28
// stateless requests.
// Every answer is checked for its id and the echoed text. Uses Node's built-ins only.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

const [count, warmup, mode, ...rest] = process.argv.slice(2);
const n = Number(count);
const warm = Number(warmup);
if (!(n > 0) || !(warm >= 0) || !['stdio', 'http'].includes(mode) || rest.length === 0) {
  console.error('usage: node bench/call_latency.mjs N WARMUP stdio COMMAND [ARGS...] | http URL legacy|modern');
  process.exit(2);
}

const initialize = { jsonrpc: '2.0', id: 'init', method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } };
const call = (id) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: { message: `m${id}` } } });

function check(reply, id) {
  const text = reply?.result?.content?.[0]?.text ?? '';
  if (reply?.id !== id || !text.includes(`m${id}`)) throw new Error(`bad answer to ${id}: ${JSON.stringify(reply)}`);
}

/** A stdio MCP server as a client sees it: request(message) resolves with the answer. */
function stdioPeer(command, args) {
  const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map();
  let buffer = '';
  proc.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      const message = JSON.parse(line);
      const resolve = waiting.get(message.id);
      if (resolve && !('method' in message)) {
        waiting.delete(message.id);
        resolve(message);
      }
    }
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  return {
    request: (m) => new Promise((resolve) => { waiting.set(m.id, resolve); proc.stdin.write(`${JSON.stringify(m)}\n`); }),
    notify: (m) => proc.stdin.write(`${JSON.stringify(m)}\n`),
    peakRssMb: () => {
      const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      return Number(status.match(/^VmHWM:\s+(\d+)/m)[1]) / 1024;
    },
    close: async () => { proc.stdin.end(); await exited; },
  };
}

/**
 * A streamable HTTP endpoint over one keep-alive connection, spoken with a bare socket (prebuilt
 * request, minimal response parsing) so the client's own cost stays out of the figures.
 * Answers come as JSON (Content-Length) or as a chunked SSE stream.
 */
function httpPeer(url, era) {
  const { hostname, port, pathname } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.setNoDelay(true);
  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' } };
  let session;
  let buffer = Buffer.alloc(0);
  let pending;
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (pending) pending();
  });
  // One whole response off the buffer, or undefined while it is incomplete.
  const take = () => {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const head = buffer.subarray(0, end).toString();
    const length = /content-length: *(\d+)/i.exec(head);
    let body;
    let rest;
    if (length) {
      if (buffer.length < end + 4 + Number(length[1])) return undefined;
      body = buffer.subarray(end + 4, end + 4 + Number(length[1])).toString();
      rest = buffer.subarray(end + 4 + Number(length[1]));
    } else {
      const last = buffer.indexOf('\r\n0\r\n\r\n', end);
      if (last < 0) return undefined;
      body = buffer.subarray(end + 4, last).toString();
      rest = buffer.subarray(last + 7);
    }
    buffer = rest;
    const sid = /mcp-session-id: *(\S+)/i.exec(head);
    if (sid) session = sid[1];
    const data = /text\/event-stream/i.test(head)
      ? body.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).filter(Boolean).pop()
      : body;
    return { data };
  };
  const post = (message) => new Promise((resolve) => {
    const headers = ['Content-Type: application/json', 'Accept: application/json, text/event-stream'];
    if (era === 'modern') {
      message = { ...message, params: { ...message.params, _meta: meta } };
      headers.push('MCP-Protocol-Version: 2026-07-28', `Mcp-Method: ${message.method}`);
      if (message.params.name) headers.push(`Mcp-Name: ${message.params.name}`);
    } else if (session) {
      headers.push(`Mcp-Session-Id: ${session}`, 'MCP-Protocol-Version: 2025-06-18');
    }
    const body = JSON.stringify(message);
    socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${headers.join('\r\n')}\r\n` +
                 `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    pending = () => {
      const response = take();
      if (!response) return;
      pending = undefined;
      resolve(response.data ? JSON.parse(response.data) : undefined);
    };
    pending();
  });
  return {
    request: post,
    notify: (m) => post(m),
    peakRssMb: () => null,
    close: async () => socket.destroy(),
  };
}

const peer = mode === 'stdio' ? stdioPeer(rest[0], rest.slice(1)) : httpPeer(rest[0], rest[1] ?? 'legacy');
if (mode === 'stdio' || rest[1] !== 'modern') {
  const init = await peer.request(initialize);
  if (!init?.result) throw new Error(`initialize failed: ${JSON.stringify(init)}`);
  await peer.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
}
for (let i = 0; i < warm; i++) check(await peer.request(call(i)), i);
const ms = [];
for (let i = warm; i < warm + n; i++) {
  const start = process.hrtime.bigint();
  const reply = await peer.request(call(i));
  ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  check(reply, i);
}
ms.sort((a, b) => a - b);
const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
const rss = peer.peakRssMb();
await peer.close();
console.log(JSON.stringify({ n, p50_ms: at(0.5), p99_ms: at(0.99), mean_ms: ms.reduce((a, b) => a + b, 0) / n,
  peak_rss_mb: rss }));
