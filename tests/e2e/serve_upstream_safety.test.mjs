// What serve sends to upstreams and what it accepts from them: URLs that could split a request
// are refused, blocked networks are never connected to, discovery is bounded by
// FEDERATION_TIMEOUT, a registration survives kill -9 whole or not at all, clashes name the
// other gateway, /metrics stays bounded, and list filters keep long tags.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mcpgwBin } from './lib/harness.mjs';
import { startServe, serveDir } from './lib/serve.mjs';

/**
 * A scripted MCP server over streamable HTTP on 127.0.0.1 (JSON answers). `catalog` holds the
 * lists it serves; `hooks[method](message, res)` answers a method instead (or never, to stall).
 */
async function mockUpstream({ catalog = {}, hooks = {}, host = '127.0.0.1' } = {}) {
  const seen = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const message = body ? JSON.parse(body) : {};
      seen.push({ method: req.method, headers: req.headers, message });
      if (req.method !== 'POST') return res.writeHead(405).end();
      if (hooks[message.method]) return hooks[message.method](message, res);
      if (!('id' in message)) return res.writeHead(202).end();
      const result = (value) => res.writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: value }));
      const capabilities = { tools: {}, resources: {}, prompts: {} };
      switch (message.method) {
        case 'initialize':
          return result({ protocolVersion: message.params.protocolVersion, capabilities,
            serverInfo: { name: 'mock', version: '1' } });
        case 'tools/list': return result({ tools: catalog.tools ?? [] });
        case 'resources/list': return result({ resources: catalog.resources ?? [] });
        case 'resources/templates/list': return result({ resourceTemplates: catalog.templates ?? [] });
        case 'prompts/list': return result({ prompts: catalog.prompts ?? [] });
        default: return result({});
      }
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, host, resolve));
  const port = server.address().port;
  return {
    url: `http://${host}:${port}/mcp`, port, seen,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}

/** A TCP listener that records every connection and the bytes it receives, and never answers. */
async function silentListener(host = '127.0.0.1') {
  const connections = [];
  const sockets = new Set();
  const server = net.createServer((socket) => {
    const record = { data: '' };
    connections.push(record);
    sockets.add(socket);
    socket.on('data', (d) => { record.data += d; });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, host, resolve));
  return {
    port: server.address().port, connections,
    received: () => connections.map((c) => c.data).join(''),
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}

/** An SSE upstream whose stream announces `endpoint` as the endpoint event's data (lines as given). */
async function sseAnnouncing(endpointLines) {
  const seen = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(`event: endpoint\n${endpointLines.map((l) => `data: ${l}`).join('\n')}\n\n`);
      return;
    }
    req.resume();
    res.writeHead(202).end();
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}/sse`, port, seen,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}

describe('gateway URLs cannot inject headers or smuggle requests', () => {
  let gw, trap;
  before(async () => {
    gw = await startServe();
    trap = await silentListener();
  });
  after(async () => { await gw?.stop(); await trap?.close(); });

  test('a URL with line breaks, spaces or bytes outside RFC 3986 is refused with 422 and nothing is sent', async () => {
    const base = `http://127.0.0.1:${trap.port}/mcp`;
    const bad = [
      `${base} HTTP/1.1\r\nX-Injected: yes\r\nX-Pad: a`,
      `${base} HTTP/1.1\r\n\r\nPOST /smuggled HTTP/1.1\r\nHost: x\r\nX-Pad: a`,
      `${base}\nX-Injected: yes`,
      `${base}?q=a b`,
      `${base}/\u0001`,
      `${base}/caf\u00e9`,
      `http://127.0.0.1:${trap.port}\r\nX-Injected: yes/mcp`,
    ];
    for (const url of bad) {
      const r = await gw.api('POST', '/gateways', { name: 'inject', url, transport: 'STREAMABLEHTTP' });
      assert.equal(r.status, 422, `${JSON.stringify(url)} → ${r.status} ${r.text}`);
      assert.match(r.json.detail ?? r.text, /url/i);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(trap.connections.length, 0, 'no connection to the would-be upstream');
    assert.equal((await gw.api('GET', '/gateways')).json.length, 0);
  });

  test('an SSE endpoint event that would split a request or names another origin is refused', async () => {
    const elsewhere = await silentListener();
    const cases = [
      { lines: ['/messages?s=1 HTTP/1.1', 'X-Injected: yes'], why: /invalid URL/ },
      { lines: [`http://127.0.0.1:${elsewhere.port}/messages`], why: /another origin/ },
    ];
    try {
      for (const { lines, why } of cases) {
        const upstream = await sseAnnouncing(lines);
        try {
          const r = await gw.api('POST', '/gateways', { name: 'sse-endpoint', url: upstream.url, transport: 'SSE' });
          assert.equal(r.status, 502, r.text);
          assert.match(r.json.detail, why);
          assert.doesNotMatch(r.json.detail, /X-Injected|elsewhere/);
          assert.deepEqual(upstream.seen.filter((s) => s.method === 'POST'), [], 'no message was posted');
        } finally {
          await upstream.close();
        }
      }
      assert.equal(elsewhere.connections.length, 0, 'the other origin was never contacted');
    } finally {
      await elsewhere.close();
    }
  });
});

test('translate --connect and wrapper refuse such URLs at start-up', () => {
  const bad = 'http://127.0.0.1:9/mcp HTTP/1.1\r\nX-Injected: yes';
  for (const args of [['translate', '--connect', bad], ['translate', '--connect-sse', bad], ['wrapper', '--url', bad]]) {
    const r = spawnSync(mcpgwBin, args, { encoding: 'utf8', timeout: 5000, input: '' });
    assert.equal(r.status, 1, `${args[0]} ${args[1]}: ${r.stderr}`);
    assert.match(r.stderr, /not an http\(s\) URL/);
  }
});

describe('the SSRF policy is checked on the address connected to', () => {
  let gw, blocked;
  before(async () => {
    blocked = await silentListener('127.0.0.2');
    gw = await startServe({ env: { SSRF_BLOCKED_NETWORKS: '127.0.0.2/32', FEDERATION_TIMEOUT: '5' } });
  });
  after(async () => { await gw?.stop(); await blocked?.close(); });

  test('a blocked network is never connected to, and the 502 says why', async () => {
    const r = await gw.api('POST', '/gateways', { name: 'blocked', url: `http://127.0.0.2:${blocked.port}/mcp` });
    assert.equal(r.status, 502, r.text);
    assert.match(r.json.detail, /blocked by the SSRF policy/);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(blocked.connections.length, 0, 'no connection was attempted');
    assert.equal((await gw.api('GET', '/gateways')).json.length, 0);
  });

  test('cloud metadata addresses are blocked by default', async () => {
    const started = Date.now();
    const r = await gw.api('POST', '/gateways', { name: 'metadata', url: 'http://169.254.169.254/mcp' });
    assert.equal(r.status, 502, r.text);
    assert.match(r.json.detail, /blocked by the SSRF policy/);
    assert.ok(Date.now() - started < 3000, 'refused at once, not after a connect timeout');
  });

  test('other loopback addresses still work', async () => {
    const upstream = await mockUpstream({ catalog: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] } });
    try {
      const r = await gw.api('POST', '/gateways', { name: 'allowed', url: upstream.url });
      assert.equal(r.status, 201, r.text);
    } finally {
      await upstream.close();
    }
  });
});

describe('upstream failures are reported without echoing the far side', () => {
  let gw;
  before(async () => { gw = await startServe(); });
  after(async () => { await gw?.stop(); });

  for (const method of ['initialize', 'tools/list']) {
    test(`an error answer to ${method} gives a 502 that says what failed, not what was answered`, async () => {
      const upstream = await mockUpstream({ hooks: { [method]: (m, res) => res.writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: 'FAR-SIDE-TEXT <script>x</script>' } })) } });
      try {
        const r = await gw.api('POST', '/gateways', { name: `echo-${method.replace('/', '-')}`, url: upstream.url });
        assert.equal(r.status, 502, r.text);
        assert.match(r.json.detail, new RegExp(`${method === 'initialize' ? 'initialize' : 'tools/list'}.*-32603`));
        assert.doesNotMatch(r.text, /FAR-SIDE-TEXT|script/);
      } finally {
        await upstream.close();
      }
    });
  }

  test('gateways dropped after a failed discovery leave serve running (a closed connection is not freed under a pending write)', async () => {
    for (let round = 0; round < 5; round++) {
      for (const [method, status] of [['initialize', 200], ['tools/list', 200], ['initialize', 500]]) {
        const upstream = await mockUpstream({ hooks: { [method]: (m, res) => res.writeHead(status, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: 'no' } })) } });
        try {
          const r = await gw.api('POST', '/gateways', { name: `dropped-${round}-${method.replace('/', '-')}-${status}`, url: upstream.url });
          assert.equal(r.status, 502, r.text);
        } finally {
          await upstream.close();
        }
      }
    }
    assert.equal(gw.proc.exitCode, null);
    assert.equal(gw.proc.signalCode, null);
  });

  test('an HTTP error answer with a body is not echoed either', async () => {
    const upstream = await mockUpstream({ hooks: { initialize: (m, res) => res.writeHead(500, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ jsonrpc: '2.0', id: m.id, error: { code: -32000, message: 'FAR-SIDE-TEXT' } })) } });
    try {
      const r = await gw.api('POST', '/gateways', { name: 'http-500', url: upstream.url });
      assert.equal(r.status, 502, r.text);
      assert.doesNotMatch(r.text, /FAR-SIDE-TEXT/);
    } finally {
      await upstream.close();
    }
  });
});

describe('FEDERATION_TIMEOUT bounds every step of discovery', () => {
  let gw;
  before(async () => { gw = await startServe({ env: { FEDERATION_TIMEOUT: '2' } }); });
  after(async () => { await gw?.stop(); });

  test('an upstream that accepts and never answers initialize fails the registration in time', async () => {
    const mute = await silentListener();
    try {
      const started = Date.now();
      const r = await gw.api('POST', '/gateways', { name: 'mute', url: `http://127.0.0.1:${mute.port}/mcp` });
      const took = Date.now() - started;
      assert.equal(r.status, 502, r.text);
      assert.ok(mute.connections.length >= 1, 'it was contacted');
      assert.ok(took < 8000, `answered after ${took} ms, FEDERATION_TIMEOUT is 2 s`);
    } finally {
      await mute.close();
    }
  });

  test('an SSE upstream that never sends its endpoint fails in time', async () => {
    const mute = await silentListener();
    try {
      const started = Date.now();
      const r = await gw.api('POST', '/gateways', { name: 'mute-sse', url: `http://127.0.0.1:${mute.port}/sse`, transport: 'SSE' });
      assert.equal(r.status, 502, r.text);
      assert.ok(Date.now() - started < 8000);
    } finally {
      await mute.close();
    }
  });

  test('an upstream that stalls a list request fails in time', async () => {
    const upstream = await mockUpstream({ hooks: { 'tools/list': () => {} } });
    try {
      const started = Date.now();
      const r = await gw.api('POST', '/gateways', { name: 'stall-list', url: upstream.url });
      assert.equal(r.status, 502, r.text);
      assert.match(r.json.detail, /tools\/list: no answer in time/);
      assert.ok(Date.now() - started < 8000);
    } finally {
      await upstream.close();
    }
  });
});

test('kill -9 during POST /gateways leaves no half gateway; the same POST then succeeds', async () => {
  let stall = true;
  let listing = false;
  const upstream = await mockUpstream({
    catalog: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }], resources: [{ uri: 'file:///one', name: 'one' }] },
    hooks: {
      'prompts/list': (m, res) => {
        listing = true;
        if (!stall) res.writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { prompts: [] } }));
      },
    },
  });
  const dir = serveDir();
  let gw = await startServe({ dir });
  try {
    const body = { name: 'half', url: upstream.url };
    const pending = gw.api('POST', '/gateways', body).catch((e) => e);
    const deadline = Date.now() + 10000;
    while (!listing && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(listing, 'discovery reached prompts/list (tools and resources are already discovered)');
    gw.proc.kill('SIGKILL');
    await pending;
    await new Promise((r) => gw.proc.exitCode !== null || gw.proc.signalCode ? r() : gw.proc.once('exit', r));

    gw = await startServe({ dir });
    const listed = await gw.api('GET', '/gateways?include_inactive=true');
    assert.deepEqual(listed.json, [], 'no gateway without its catalog');
    assert.deepEqual((await gw.api('GET', '/tools?include_inactive=true')).json, []);
    stall = false;
    const again = await gw.api('POST', '/gateways', body);
    assert.equal(again.status, 201, again.text);
    const tools = (await gw.api('GET', '/tools')).json.map((t) => t.name);
    assert.deepEqual(tools, ['half-echo']);
  } finally {
    await gw.stop();
    await upstream.close();
  }
});

describe('catalog clashes name the gateway that already serves the name', () => {
  let gw, first;
  before(async () => {
    gw = await startServe();
    first = await mockUpstream({ catalog: {
      resources: [{ uri: 'file:///shared', name: 'shared' }],
      templates: [{ uriTemplate: 'file:///docs/{name}', name: 'docs' }],
      prompts: [{ name: 'greet' }],
    } });
    const r = await gw.api('POST', '/gateways', { name: 'first', url: first.url });
    assert.equal(r.status, 201, r.text);
  });
  after(async () => { await gw?.stop(); await first?.close(); });

  test('a prompt name that is taken gets 409 naming the other gateway', async () => {
    const second = await mockUpstream({ catalog: { prompts: [{ name: 'greet' }] } });
    try {
      const r = await gw.api('POST', '/gateways', { name: 'third', url: second.url, tool_prefix: 'first' });
      assert.equal(r.status, 409, r.text);
      assert.match(r.json.detail, /prompt name 'first-greet' of gateway 'third' is already served by gateway 'first'/);
    } finally {
      await second.close();
    }
  });

  test('distinct URIs register side by side and resources/read goes to the owner', async () => {
    const second = await mockUpstream({ catalog: { resources: [{ uri: 'file:///other', name: 'other' }] },
      hooks: { 'resources/read': (m, res) => res.writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { contents: [{ uri: m.params.uri, text: 'from second' }] } })) } });
    try {
      const r = await gw.api('POST', '/gateways', { name: 'fourth', url: second.url });
      assert.equal(r.status, 201, r.text);
      const read = await gw.api('POST', '/rpc', { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'file:///other' } });
      assert.equal(read.json.result.contents[0].text, 'from second');
    } finally {
      await second.close();
    }
  });
});

describe('a resource URI that two gateways serve is never read from a guessed one', () => {
  let gw, first, second;
  const answer = (from) => (m, res) => res.writeHead(200, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { contents: [{ uri: m.params.uri, text: `from ${from}` }] } }));
  const shared = {
    resources: [{ uri: 'file:///shared', name: 'shared' }],
    templates: [{ uriTemplate: 'file:///docs/{name}', name: 'docs' }],
  };
  before(async () => {
    gw = await startServe();
    first = await mockUpstream({ catalog: shared, hooks: { 'resources/read': answer('first') } });
    second = await mockUpstream({ catalog: shared, hooks: { 'resources/read': answer('second') } });
    for (const [name, up] of [['first', first], ['second', second]]) {
      const r = await gw.api('POST', '/gateways', { name, url: up.url });
      assert.equal(r.status, 201, r.text);
    }
  });
  after(async () => { await gw?.stop(); await first?.close(); await second?.close(); });

  test('the gateway-wide endpoint refuses the read, naming both gateways and where to read it', async () => {
    for (const [i, uri] of ['file:///shared', 'file:///docs/readme'].entries()) {
      const read = await gw.api('POST', '/rpc', { jsonrpc: '2.0', id: i, method: 'resources/read', params: { uri } });
      assert.equal(read.json.error?.code, -32602, read.text);
      assert.match(read.json.error.message, /ambiguous .*'first', 'second'.*\/servers\/\{id\}\/mcp/);
    }
    const reads = [...first.seen, ...second.seen].filter((s) => s.message.method === 'resources/read');
    assert.deepEqual(reads, [], 'no upstream was asked');
  });

  test('a virtual server with one of them reads it from that gateway, over MCP', async () => {
    const resources = (await gw.api('GET', '/resources')).json;
    const theirs = resources.filter((r) => r.uri === 'file:///shared');
    assert.equal(theirs.length, 2, JSON.stringify(resources));
    const gateways = (await gw.api('GET', '/gateways')).json;
    const secondId = gateways.find((g) => g.name === 'second').id;
    const mine = theirs.find((r) => r.gatewayId === secondId || r.gateway_id === secondId);
    assert.ok(mine, JSON.stringify(theirs));
    const byUri = await gw.api('POST', '/servers', { name: 'by-uri', associated_resources: ['file:///shared'] });
    assert.equal(byUri.status, 422, byUri.text);
    assert.match(byUri.json.detail, /resource 'file:\/\/\/shared' is ambiguous/);
    const server = await gw.api('POST', '/servers', { name: 'just-second', associated_resources: [mine.id] });
    assert.equal(server.status, 201, server.text);
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/servers/${server.json.id}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
    try {
      const read = await client.readResource({ uri: 'file:///shared' });
      assert.equal(read.contents[0].text, 'from second');
    } finally {
      await client.close();
    }
  });
});

test('answers whose fields have unexpected types still reach the client as answers', async () => {
  // A string where a number belongs, a number where a string belongs: read, never thrown on.
  const answers = {
    'odd-error': { error: { code: 'E42', message: 7 } },
    'odd-data': { error: { code: -32000, message: 'closed', data: { reason: 3 } } },
    'odd-result': { result: { content: [{ type: 'text', text: 'odd' }], isError: 'yes' } },
  };
  const upstream = await mockUpstream({
    catalog: { tools: Object.keys(answers).map((name) => ({ name, inputSchema: { type: 'object' } })) },
    hooks: { 'tools/call': (m, res) => res.writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ jsonrpc: '2.0', id: m.id, ...answers[m.params.name] })) },
  });
  const gw = await startServe();
  try {
    assert.equal((await gw.api('POST', '/gateways', { name: 'odd', url: upstream.url })).status, 201);
    const call = (name, id) => gw.api('POST', '/rpc', { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } });
    const started = Date.now();
    const error = await call('odd-odd-error', 1);
    assert.equal(error.json.error?.code, -32603, error.text);
    assert.match(error.json.error.message, /not valid JSON-RPC/);
    assert.ok(Date.now() - started < 5000, 'answered at once, not after the call timeout');
    const data = await call('odd-odd-data', 3);
    assert.equal(data.json.error?.code, -32000, data.text);
    assert.match(data.json.error.message, /gateway 'odd'/);
    const result = await call('odd-odd-result', 2);
    assert.equal(result.json.result?.content?.[0]?.text, 'odd', result.text);
    assert.equal((await gw.api('GET', '/health')).status, 200, 'serve is still up');
  } finally {
    await gw.stop();
    await upstream.close();
  }
});

describe('metric labels are bounded', () => {
  let gw;
  before(async () => { gw = await startServe(); });
  after(async () => { await gw?.stop(); });

  test('2,000 junk methods leave /metrics small, counted as other', async () => {
    const before = (await gw.api('GET', '/metrics')).text.length;
    for (let i = 0; i < 2000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => gw.api('POST', '/rpc',
        { jsonrpc: '2.0', id: i + j, method: `junk/${i + j}/${'x'.repeat(200)}` })));
    }
    const text = (await gw.api('GET', '/metrics')).text;
    assert.match(text, /mcpgw_requests_total\{method="other"\} 2000\n/);
    assert.doesNotMatch(text, /junk/);
    assert.ok(text.length < before + 200, `/metrics grew from ${before} to ${text.length} bytes`);
  });
});

test('list routes filter by tags longer than a few bytes', async () => {
  const gw = await startServe();
  const upstream = await mockUpstream({ catalog: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] } });
  try {
    const tags = ['production-east-1', 'staging-west-2-with-a-long-name'];
    for (const [i, tag] of tags.entries()) {
      const s = await gw.api('POST', '/servers', { name: `server-${i}`, tags: [tag] });
      assert.equal(s.status, 201, s.text);
    }
    const g = await gw.api('POST', '/gateways', { name: 'tagged', url: upstream.url, tags: [tags[0]] });
    assert.equal(g.status, 201, g.text);
    for (const tag of tags) {
      const servers = (await gw.api('GET', `/servers?tags=${tag}`)).json;
      assert.deepEqual(servers.map((s) => s.tags), [[tag]], `/servers?tags=${tag}`);
    }
    assert.deepEqual((await gw.api('GET', `/servers?tags=${tags[1]},${tags[0]}`)).json.length, 2);
    assert.deepEqual((await gw.api('GET', `/gateways?tags=${tags[0]}`)).json.map((x) => x.name), ['tagged']);
    assert.deepEqual((await gw.api('GET', `/gateways?tags=${tags[1]}`)).json, []);
  } finally {
    await gw.stop();
    await upstream.close();
  }
});
