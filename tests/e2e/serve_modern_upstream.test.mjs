// 2026-07-28 upstreams behind mcpgw serve: the conformance fixture, speaking 2026-07-28 only, as a
// stdio gateway and, behind translate, as a streamable HTTP gateway. serve finds each modern with server/discover; a modern
// client's calls pass through to it unchanged (its input_required, requestState and errors), and
// a legacy client's input_required rounds become real requests that the client answers.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildDir, startTranslate, waitFor } from './lib/harness.mjs';
import { callTool, legacyRoundChecks, meta, modernUpstreamChecks } from './lib/modern_upstream_checks.mjs';
import { startServe } from './lib/serve.mjs';

const fixture = path.join(buildDir, 'conformance_server');

/** serve with one gateway (`registration`) behind a virtual server that keeps the tools' names. */
function serveInFront(registration) {
  const state = {};
  before(async () => {
    state.gw = await startServe();
    const reg = await state.gw.api('POST', '/gateways', { ...registration, tool_prefix: '' });
    assert.equal(reg.status, 201, reg.text);
    const tools = (await state.gw.api('GET', '/tools')).json;
    const list = Array.isArray(tools) ? tools : tools.items ?? tools.tools;
    assert.ok(list.some((t) => t.name === 'test_input_required_result_elicitation'), 'the fixture\'s tools were discovered');
    const created = await state.gw.api('POST', '/servers', { server: { name: 'modern-fixture', associated_tools: list.map((t) => t.id) } });
    assert.equal(created.status, 201, created.text);
    state.front = { url: `${state.gw.base}/servers/${created.json.id}/mcp`, headers: { Authorization: `Bearer ${state.gw.token}` } };
  });
  after(async () => { await state.gw?.stop(); });
  return state;
}

/** Checks for the catalog and for legacy (1.x) clients. */
function legacyClientChecks(state) {
  test('the catalog follows the gateway\'s tools/list_changed, which comes on a subscriptions/listen stream', async () => {
    const names = async () => (await state.gw.api('GET', '/tools')).json.map((t) => t.name);
    const had = (await names()).includes('test_dynamic_tool');
    const r = await callTool(state.front, 40, { name: 'test_trigger_tool_change', arguments: {}, _meta: meta() });
    assert.equal(r.json.result?.isError ?? false, false, JSON.stringify(r.json));
    let now;
    await waitFor(async () => (now = (await names()).includes('test_dynamic_tool')) !== had, 5000, 'the catalog to change');
    assert.equal(now, !had);
  });

  legacyRoundChecks(() => state.front);
}

describe('serve in front of a 2026-07-28 stdio gateway', () => {
  const state = serveInFront({ name: 'fx', command: `${fixture} --modern-only` });
  test('serve found the gateway modern with server/discover', async () => {
    await callTool(state.front, 0, { name: 'test_simple_text', arguments: {}, _meta: meta() });
    assert.match(state.gw.stderr(), /shared_upstream_ready era=modern protocol=2026-07-28/);
  });
  modernUpstreamChecks(() => state.front);
  legacyClientChecks(state);
});

describe('serve in front of a 2026-07-28 streamable HTTP gateway (the fixture behind translate)', () => {
  let inner;
  before(async () => { inner = await startTranslate(['--stdio', `${fixture} --modern-only`]); });
  after(async () => { await inner?.stop(); });
  const state = serveInFront({ name: 'fxh', get url() { return `${inner.base}/mcp`; } });
  test('serve found the gateway modern, and so did translate', async () => {
    await callTool(state.front, 0, { name: 'test_simple_text', arguments: {}, _meta: meta() });
    assert.match(state.gw.stderr(), /shared_upstream_ready era=modern protocol=2026-07-28/);
    assert.match(inner.stderr(), /shared_upstream_ready era=modern/);
  });
  modernUpstreamChecks(() => state.front);
  legacyClientChecks(state);
});
