// `mcpgw wrapper` as a desktop client launches it: the SDK 1.x stdio client → mcpgw wrapper →
// a remote MCP server over HTTP. Every kind of request round-trips, against server-everything
// (streamable HTTP and legacy SSE) and against mcpgw translate fronting the conformance fixture
// (the 2026-07-28 era, detected through server/discover, and the legacy era).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  LoggingMessageNotificationSchema, ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { Client as ModernClient } from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdioTransport } from '@modelcontextprotocol/client/stdio';
import { mcpgwBin, startTranslate, startEverythingHttp, waitFor } from './lib/harness.mjs';
import { connectWrapper, conformanceFixture } from './lib/wrapper.mjs';

const everything = {
  serverName: /everything/,
  echo: (m) => ({ name: 'echo', arguments: { message: m } }),
  echoed: (m) => `Echo: ${m}`,
  progress: { name: 'trigger-long-running-operation', arguments: { duration: 0.6, steps: 3 } },
  progressDone: /completed/,
  sampling: { name: 'trigger-sampling-request', arguments: { prompt: 'what is 6x7', maxTokens: 10 } },
  elicitation: { name: 'trigger-elicitation-request', arguments: {} },
  slow: { name: 'trigger-long-running-operation', arguments: { duration: 10, steps: 20 } },
  prompt: 'simple-prompt',
};

const fixture = {
  serverName: /conformance-fixture/,
  echo: (m) => ({ name: 'test_header_param', arguments: { region: m } }),
  echoed: (m) => `Region: ${m}`,
  progress: { name: 'test_tool_with_progress', arguments: {} },
  progressDone: /Progress tool completed/,
  sampling: { name: 'test_sampling', arguments: { prompt: 'what is 6x7' } },
  elicitation: { name: 'test_elicitation', arguments: { message: 'who are you?' } },
  prompt: 'test_simple_prompt',
  fixture: true,
};

const translateFixture = async () => {
  const gw = await startTranslate(['--stdio', conformanceFixture]);
  return { url: `${gw.base}/mcp`, stop: gw.stop };
};

const targets = [
  { name: 'server-everything over streamable HTTP', start: () => startEverythingHttp('streamableHttp'),
    tools: everything, era: 'legacy' },
  { name: 'server-everything over legacy SSE', start: () => startEverythingHttp('sse'),
    tools: everything, era: 'legacy', sse: true },
  { name: 'translate + conformance fixture, 2026-07-28 era', start: translateFixture, tools: fixture, era: 'modern' },
  { name: 'translate + conformance fixture, legacy era', start: translateFixture, tools: fixture, era: 'legacy',
    args: ['--era', 'legacy'] },
];

for (const t of targets) {
  describe(`wrapper to ${t.name}`, () => {
    let server, side;
    before(async () => {
      server = await t.start();
      side = await connectWrapper(server.url, { args: t.args ?? [], env: { MCP_WRAPPER_LOG_LEVEL: 'DEBUG' } });
    });
    after(async () => {
      await side?.close();
      await server?.stop();
    });

    test('the client\'s initialize goes through and picks the expected era', () => {
      assert.match(side.client.getServerVersion().name, t.tools.serverName);
      assert.ok(side.client.getServerCapabilities()?.tools, 'the server\'s capabilities reach the client');
      assert.match(side.stderr(), new RegExp(`event=upstream_era era=${t.era}`));
      if (t.sse) assert.match(side.stderr(), /event=upstream_transport transport=sse/);
    });

    test('tools list and call', async () => {
      const { tools } = await side.client.listTools();
      assert.ok(tools.some((x) => x.name === t.tools.echo('x').name));
      const r = await side.client.callTool(t.tools.echo('desk'));
      assert.equal(r.content[0].text, t.tools.echoed('desk'));
    });

    test('progress notifications reach the client', async () => {
      const progress = [];
      const r = await side.client.callTool(t.tools.progress, undefined,
        { onprogress: (p) => progress.push(p), timeout: 20000 });
      assert.match(r.content[0].text, t.tools.progressDone);
      assert.ok(progress.length >= 1, `progress seen: ${progress.length}`);
    });

    test('sampling reaches the client and its answer goes back', async () => {
      const before = side.asked.sampling.length;
      const r = await side.client.callTool(t.tools.sampling);
      assert.equal(side.asked.sampling.length, before + 1);
      assert.match(JSON.stringify(side.asked.sampling.at(-1)), /what is 6x7/);
      assert.match(JSON.stringify(r.content), /desktop sample/);
    });

    test('elicitation reaches the client and its answer goes back', async () => {
      const before = side.asked.elicitation.length;
      const r = await side.client.callTool(t.tools.elicitation);
      assert.equal(side.asked.elicitation.length, before + 1);
      assert.match(JSON.stringify(r.content), /Grace Hopper|grace/);
    });

    test('resources and prompts', async () => {
      const { resources } = await side.client.listResources();
      assert.ok(resources.length > 0);
      const read = await side.client.readResource({ uri: resources[0].uri });
      assert.equal(read.contents[0].uri, resources[0].uri);
      const { prompts } = await side.client.listPrompts();
      assert.ok(prompts.some((p) => p.name === t.tools.prompt));
      const got = await side.client.getPrompt({ name: t.tools.prompt });
      assert.ok(got.messages.length >= 1);
    });

    test('ping', async () => {
      assert.deepEqual(await side.client.ping(), {});
    });

    test('many requests in flight come back to their own ids', async () => {
      const calls = [];
      for (let i = 0; i < 24; i++) {
        calls.push(side.client.callTool(t.tools.echo(`m${i}`)).then((r) => [i, r.content[0].text]));
        if (i % 6 === 0) calls.push(side.client.listTools().then((r) => [-1, r.tools.length]));
      }
      for (const [i, text] of await Promise.all(calls)) {
        if (i >= 0) assert.equal(text, t.tools.echoed(`m${i}`));
        else assert.ok(text > 0);
      }
    });

    if (t.tools.slow) {
      test('a cancelled call stops at once and the next call works', async () => {
        const controller = new AbortController();
        const started = Date.now();
        const call = side.client.callTool(t.tools.slow, undefined, {
          signal: controller.signal, timeout: 30000, onprogress: () => controller.abort('the user gave up'),
        });
        await assert.rejects(call, /gave up|abort/i);
        // The wrapper ends the call on the client's notifications/cancelled, long before the
        // server would have finished it.
        await waitFor(() => /request_done method=tools\/call id=\S+ ms=\d+ outcome=cancelled/.test(side.stderr()),
          3000, 'the wrapper to end the cancelled call');
        assert.ok(Date.now() - started < 5000, 'cancelled long before the call would finish');
        const r = await side.client.callTool(t.tools.echo('after cancel'));
        assert.equal(r.content[0].text, t.tools.echoed('after cancel'));
      });
    }

    if (t.tools.fixture) {
      test('input over several rounds, and roots, reach the client', async () => {
        const before = side.asked.elicitation.length;
        const r = await side.client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
        assert.equal(side.asked.elicitation.length, before + 2);
        assert.match(r.content[0].text, /Grace Hopper's favorite color is blue/);
        const roots = side.asked.roots;
        const listed = await side.client.callTool({ name: 'test_input_required_result_list_roots', arguments: {} });
        assert.equal(side.asked.roots, roots + 1);
        assert.match(JSON.stringify(listed.content), /file:\/\/\/tmp\/desktop/);
      });

      test('log messages at the level the client set reach it', async () => {
        const logs = [];
        side.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));
        await side.client.setLoggingLevel('info');
        await side.client.callTool({ name: 'test_tool_with_logging', arguments: {} });
        await waitFor(() => logs.length >= 1, 3000, 'a log message');
        assert.ok(logs.every((l) => l.level !== 'debug'), 'nothing below the level asked for');
      });

      test('list_changed notifications reach the client', async () => {
        let changed = 0;
        side.client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed += 1; });
        await side.client.callTool({ name: 'test_trigger_tool_change', arguments: {} });
        await waitFor(() => changed >= 1, 5000, 'notifications/tools/list_changed');
        const { tools } = await side.client.listTools();
        assert.ok(tools.some((x) => x.name === 'test_dynamic_tool'));
      });
    }
  });
}

test('a ContextForge server URL without /mcp gets it appended', async () => {
  const gw = await startTranslate(['--stdio', conformanceFixture, '--mcp-path', '/servers/0b1c2d/mcp']);
  try {
    const side = await connectWrapper(`${gw.base}/servers/0b1c2d`);
    const r = await side.client.callTool(fixture.echo('completed'));
    assert.equal(r.content[0].text, 'Region: completed');
    assert.match(side.stderr(), /event=url_completed url=http:\/\/127\.0\.0\.1:\d+\/servers\/0b1c2d\/mcp/);
    await side.close();
  } finally {
    await gw.stop();
  }
});

test('flags win over the environment, and secrets stay out of the logs', async () => {
  const gw = await startTranslate(['--stdio', conformanceFixture]);
  try {
    const side = await connectWrapper('http://127.0.0.1:9/nowhere', {
      args: ['--url', `${gw.base}/mcp`, '--header', 'X-Desk: 1'],
      env: { MCP_AUTH: 'Bearer very-secret-token', MCP_WRAPPER_LOG_LEVEL: 'DEBUG' },
    });
    const r = await side.client.callTool(fixture.echo('flags'));
    assert.equal(r.content[0].text, 'Region: flags');
    assert.match(side.stderr(), /mcpgw debug event=request_done/);
    assert.doesNotMatch(side.stderr(), /very-secret-token/);
    await side.close();
  } finally {
    await gw.stop();
  }
});

test('a 2026-07-28 request to a legacy server gets -32022 naming the revisions to fall back to', async () => {
  const upstream = await startEverythingHttp('streamableHttp');
  const wrapper = spawn(mcpgwBin, ['wrapper', '--url', upstream.url], { stdio: ['pipe', 'pipe', 'ignore'] });
  try {
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
    const answer = new Promise((resolve) => {
      let out = '';
      wrapper.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
      });
    });
    wrapper.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } })}\n`);
    const reply = await answer;
    assert.equal(reply.error?.code, -32022, JSON.stringify(reply));
    assert.ok(reply.error.data.supported.includes('2025-11-25') && !reply.error.data.supported.includes('2026-07-28'));
    // The 2.x client falls back to initialize on it.
    const client = new ModernClient({ name: 'desktop-2', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new ModernStdioTransport({ command: mcpgwBin, args: ['wrapper', '--url', upstream.url], stderr: 'ignore' }));
    const r = await client.callTool({ name: 'echo', arguments: { message: 'fell back' } });
    assert.equal(r.content[0].text, 'Echo: fell back');
    await client.close();
  } finally {
    wrapper.kill();
    await upstream.stop();
  }
});
