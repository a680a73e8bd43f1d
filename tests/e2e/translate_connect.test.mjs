// Reverse mode: the SDK's stdio client → mcpgw translate --connect → mcpgw translate --stdio →
// server-everything, over streamable HTTP, legacy SSE, and the automatic fallback between them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { startTranslate, everythingStdio, mcpgwBin } from './lib/harness.mjs';

async function connectThrough(args) {
  const client = new Client({ name: 'stdio-side', version: '1' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => (
    { role: 'assistant', content: { type: 'text', text: 'reverse sample' }, model: 'm', stopReason: 'endTurn' }));
  const transport = new StdioClientTransport({ command: mcpgwBin, args: ['translate', ...args], stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => { stderr += d; });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

const cases = [
  { name: 'streamable HTTP', serve: [], connect: (base) => ['--connect', `${base}/mcp`], transport: 'streamable' },
  { name: 'legacy SSE', serve: ['--expose-sse'], connect: (base) => ['--connect-sse', `${base}/sse`], transport: 'sse' },
  { name: 'automatic fallback to SSE', serve: ['--expose-sse'], connect: (base) => ['--connect', `${base}/mcp`], transport: 'sse' },
];

for (const c of cases) {
  describe(`translate --connect over ${c.name}`, () => {
    let server, side;
    before(async () => {
      server = await startTranslate(['--stdio', everythingStdio, ...c.serve]);
      side = await connectThrough(c.connect(server.base));
    });
    after(async () => {
      await side?.client.close();
      await server?.stop();
    });

    test('initialize passes through to the real server', () => {
      assert.match(side.client.getServerVersion().name, /everything/);
    });

    test('tools list and call', async () => {
      const { tools } = await side.client.listTools();
      assert.ok(tools.some((t) => t.name === 'echo'));
      const r = await side.client.callTool({ name: 'echo', arguments: { message: 'reverse' } });
      assert.equal(r.content[0].text, 'Echo: reverse');
    });

    test('progress and sampling cross both bridges', async () => {
      const progress = [];
      const r = await side.client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.6, steps: 3 } },
        undefined, { onprogress: (p) => progress.push(p), timeout: 20000 });
      assert.match(r.content[0].text, /completed/);
      assert.ok(progress.length >= 1);
      const s = await side.client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'p', maxTokens: 5 } });
      assert.match(JSON.stringify(s.content), /reverse sample/);
    });

    test('the chosen transport is the expected one', () => {
      if (c.transport === 'sse') assert.match(server.stderr(), /transport=sse/);
      else assert.doesNotMatch(server.stderr(), /session_open session=\S+ transport=sse/);
    });
  });
}

test('an unreachable remote gives each request a clear error with its id', async () => {
  const client = new Client({ name: 'nowhere', version: '1' });
  const transport = new StdioClientTransport({ command: mcpgwBin, args: ['translate', '--connect', 'http://127.0.0.1:9/mcp'], stderr: 'pipe' });
  await assert.rejects(client.connect(transport), /cannot reach|refused/i);
  await client.close().catch(() => {});
});
