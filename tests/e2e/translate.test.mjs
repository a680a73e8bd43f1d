// mcpgw translate --stdio in front of server-everything, driven by the SDK 1.x client
// (2025-era) over streamable HTTP and over legacy SSE.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { CreateMessageRequestSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { startTranslate, everythingStdio } from './lib/harness.mjs';

function newClient(samplingCalls, elicitCalls) {
  const client = new Client(
    { name: 'mcpgw-e2e', version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: {} } },
  );
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    samplingCalls.push(request.params);
    return { role: 'assistant', content: { type: 'text', text: 'sampled: 42' }, model: 'e2e-model', stopReason: 'endTurn' };
  });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitCalls.push(request.params);
    return { action: 'accept', content: { name: 'Ada Lovelace' } };
  });
  return client;
}

async function listAllTools(client) {
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

for (const transportName of ['streamable-http', 'sse']) {
  describe(`translate --stdio over ${transportName}`, () => {
    let gw, client;
    const samplingCalls = [];
    const elicitCalls = [];

    before(async () => {
      gw = await startTranslate(['--stdio', everythingStdio, '--log-level', 'info']);
      client = newClient(samplingCalls, elicitCalls);
      const transport = transportName === 'sse'
        ? new SSEClientTransport(new URL(`${gw.base}/sse`))
        : new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`));
      await client.connect(transport);
    });

    after(async () => {
      await client?.close();
      await gw?.stop();
    });

    test('initialize negotiates a revision and reports the upstream server', () => {
      const info = client.getServerVersion();
      assert.ok(info?.name, 'server info has a name');
      assert.ok(client.getServerCapabilities()?.tools, 'server advertises tools');
    });

    test('tools/list returns every tool, including capability-gated ones', async () => {
      const names = (await listAllTools(client)).map((t) => t.name);
      for (const name of ['echo', 'get-sum', 'trigger-long-running-operation', 'trigger-sampling-request',
        'trigger-elicitation-request']) {
        assert.ok(names.includes(name), `${name} listed (got ${names.join(',')})`);
      }
    });

    test('tools/call round-trips arguments and results', async () => {
      const r = await client.callTool({ name: 'echo', arguments: { message: 'hello mcpgw' } });
      assert.equal(r.content[0].text, 'Echo: hello mcpgw');
      const sum = await client.callTool({ name: 'get-sum', arguments: { a: 19, b: 23 } });
      assert.match(sum.content[0].text, /42/);
    });

    test('a long-running call streams progress notifications to its caller', async () => {
      const progress = [];
      const r = await client.callTool(
        { name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
        undefined,
        { onprogress: (p) => progress.push(p), timeout: 20000 },
      );
      assert.match(r.content[0].text, /Long running operation completed/);
      assert.ok(progress.length >= 2, `got ${progress.length} progress notifications`);
      assert.equal(progress[0].total, 4);
      assert.ok(progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress), 'progress increases');
    });

    test('sampling requests from the server reach the client and the answer goes back', async () => {
      const before = samplingCalls.length;
      const r = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'six times seven', maxTokens: 20 } });
      assert.equal(samplingCalls.length, before + 1, 'the client was asked to sample once');
      assert.match(JSON.stringify(samplingCalls.at(-1)), /six times seven/);
      assert.match(JSON.stringify(r.content), /sampled: 42/);
    });

    test('elicitation requests round-trip', async () => {
      const r = await client.callTool({ name: 'trigger-elicitation-request', arguments: {} });
      assert.equal(elicitCalls.length >= 1, true);
      assert.match(JSON.stringify(r.content), /Ada Lovelace/);
    });

    test('resources list and read', async () => {
      const { resources } = await client.listResources();
      assert.ok(resources.length > 0, 'some resources');
      const read = await client.readResource({ uri: resources[0].uri });
      assert.equal(read.contents[0].uri, resources[0].uri);
      const { resourceTemplates } = await client.listResourceTemplates();
      assert.ok(Array.isArray(resourceTemplates));
    });

    test('prompts list and get', async () => {
      const { prompts } = await client.listPrompts();
      const simple = prompts.find((p) => !p.arguments?.some((a) => a.required));
      assert.ok(simple, 'a prompt without required arguments');
      const got = await client.getPrompt({ name: simple.name, arguments: {} });
      assert.ok(got.messages.length > 0);
    });

    test('ping', async () => {
      assert.deepEqual(await client.ping(), {});
    });

    test('cancelling a call aborts it and the session keeps working', async () => {
      const controller = new AbortController();
      const call = client.callTool(
        { name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } },
        undefined, { signal: controller.signal, timeout: 20000 },
      );
      setTimeout(() => controller.abort('user cancelled'), 300);
      await assert.rejects(call, /cancel|abort/i);
      const r = await client.callTool({ name: 'echo', arguments: { message: 'still here' } });
      assert.equal(r.content[0].text, 'Echo: still here');
    });
  });
}
