// A 2026-07-28 stdio server (the conformance fixture, which speaks both eras) behind
// mcpgw translate, and behind a two-hop chain (translate over translate --connect over
// translate), and behind the wrapper: the upstream is found modern with server/discover and its
// own input_required results, requestState and errors reach modern clients unchanged; legacy
// clients still work.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { Client as ModernClient } from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdioTransport } from '@modelcontextprotocol/client/stdio';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { buildDir, mcpgwBin, startTranslate, waitFor } from './lib/harness.mjs';
import { callTool, legacyRoundChecks, meta, modernUpstreamChecks } from './lib/modern_upstream_checks.mjs';

const fixture = path.join(buildDir, 'conformance_server');
const at = (gw) => ({ url: `${gw.base}/mcp`, headers: {} });

describe('translate in front of a 2026-07-28 stdio server', () => {
  let gw;
  before(async () => { gw = await startTranslate(['--stdio', fixture]); });
  after(async () => { await gw?.stop(); });

  test('the child is probed with server/discover and spoken to in 2026-07-28', async () => {
    await callTool(at(gw), 0, { name: 'test_simple_text', arguments: {}, _meta: meta() });
    assert.match(gw.stderr(), /shared_upstream_ready era=modern protocol=2026-07-28/);
  });
  modernUpstreamChecks(() => at(gw));
});

describe('translate in front of a stdio server that speaks 2026-07-28 only', () => {
  let gw;
  before(async () => { gw = await startTranslate(['--stdio', `${fixture} --modern-only`]); });
  after(async () => { await gw?.stop(); });

  test('the first legacy session finds the era: initialize refused, server/discover answered', async () => {
    const client = new LegacyClient({ name: 'first', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`)));
    try {
      assert.equal(client.getServerVersion().name, 'mcpgw-conformance-fixture');
      const r = await client.callTool({ name: 'test_simple_text', arguments: {} });
      assert.match(r.content[0].text, /simple text/i);
      assert.match(gw.stderr(), /event=server_era era=modern/);
    } finally { await client.close(); }
  });
  modernUpstreamChecks(() => at(gw));
  legacyRoundChecks(() => at(gw));

  test('a 1.x client over SSE gets the rounds as requests too, and list_changed from the listen stream', async () => {
    const client = new LegacyClient({ name: 'sse', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => (
      { action: 'accept', content: /color/.test(request.params.message) ? { color: 'red' } : { name: 'Max' } }));
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed += 1; });
    await client.connect(new SSEClientTransport(new URL(`${gw.base}/sse`)));
    try {
      const multi = await client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
      assert.equal(multi.content[0].text, "Max's favorite color is red");
      await client.callTool({ name: 'test_trigger_tool_change', arguments: {} });
      await waitFor(() => changed > 0, 5000, 'notifications/tools/list_changed');
    } finally { await client.close(); }
  });
});

describe('a two-hop chain: translate over translate --connect over translate', () => {
  let inner, outer;
  before(async () => {
    inner = await startTranslate(['--stdio', fixture]);
    outer = await startTranslate(['--stdio', `${mcpgwBin} translate --connect ${inner.base}/mcp`]);
  });
  after(async () => { await outer?.stop(); await inner?.stop(); });

  test('both hops find the era modern', async () => {
    await callTool(at(outer), 0, { name: 'test_simple_text', arguments: {}, _meta: meta() });
    assert.match(outer.stderr(), /shared_upstream_ready era=modern/);
    assert.match(inner.stderr(), /shared_upstream_ready era=modern/);
  });
  modernUpstreamChecks(() => at(outer));
});

test('the wrapper turns the modern server\'s input_required into real requests for a 1.x stdio client', async () => {
  const gw = await startTranslate(['--stdio', `${fixture} --modern-only`]);
  const client = new LegacyClient({ name: 'desktop', version: '1' }, { capabilities: { elicitation: {} } });
  const asked = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push(request.params.message);
    return { action: 'accept', content: /color/.test(request.params.message) ? { color: 'amber' } : { name: 'Lin' } };
  });
  try {
    await client.connect(new StdioClientTransport({ command: mcpgwBin, args: ['wrapper', '--url', `${gw.base}/mcp`], stderr: 'ignore' }));
    const r = await client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
    assert.equal(r.content[0].text, "Lin's favorite color is amber");
    assert.deepEqual(asked, ['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
  } finally {
    await client.close();
    await gw.stop();
  }
});

test('the 2.x client over stdio (no server/discover, _meta on each request) through the wrapper does the rounds itself', async () => {
  const gw = await startTranslate(['--stdio', `${fixture} --modern-only`]);
  const client = new ModernClient({ name: 'desktop-2', version: '2.0.0' },
    { capabilities: { elicitation: { form: {} }, sampling: {} }, versionNegotiation: { mode: 'auto' } });
  const asked = [];
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params.message);
    return { action: 'accept', content: /color/.test(request.params.message) ? { color: 'plum' } : { name: 'Ida' } };
  });
  client.setRequestHandler('sampling/createMessage', async () => (
    { role: 'assistant', content: { type: 'text', text: 'Paris' }, model: 'e2e', stopReason: 'endTurn' }));
  try {
    await client.connect(new ModernStdioTransport({ command: mcpgwBin, args: ['wrapper', '--url', `${gw.base}/mcp`], stderr: 'ignore' }));
    assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
    const r = await client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
    assert.equal(r.content[0].text, "Ida's favorite color is plum");
    assert.deepEqual(asked, ['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
    const sampled = await client.callTool({ name: 'test_input_required_result_sampling', arguments: {} });
    assert.match(sampled.content[0].text, /Paris/);
  } finally {
    await client.close();
    await gw.stop();
  }
});
