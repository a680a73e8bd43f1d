// Stdio children of translate and serve: every way a child is stopped also stops what its
// launcher started, and no child sees the gateway's secrets.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startTranslate, buildDir, waitFor } from './lib/harness.mjs';
import { startServe, mintToken } from './lib/serve.mjs';
import { processesRunning, childrenOf, processGone } from './lib/proc_stats.mjs';

const echoServer = path.join(buildDir, 'echo_server');
const jsonHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const init = { jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'children', version: '1' } } };
const secrets = { JWT_SECRET_KEY: 'jwt-secret-that-is-long-enough-for-hs256!!', AUTH_ENCRYPTION_SECRET: 'encryption-secret-that-is-long-enough-0123',
  BASIC_AUTH_PASSWORD: 'basic-password-xyz' };

/**
 * A launcher like `sh -c` or `npx`: it starts a helper that is not the MCP server itself (a sleep
 * with a unique duration, so the test can find it) and then runs the server.
 */
function launcher() {
  const sleep = `sleep ${(900 + Math.random() * 99).toFixed(6)}`;
  return { command: `sh -c '${sleep} & exec ${echoServer}'`, helper: () => processesRunning(sleep) };
}

async function openSession(base) {
  const r = await fetch(`${base}/mcp`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify(init) });
  assert.equal(r.status, 200, await r.text());
  return r.headers.get('mcp-session-id');
}

const gone = (helper, what) => waitFor(() => helper().length === 0, 8000, what);

describe('translate stops a launcher\'s whole process group', () => {
  test('on DELETE of the session', async () => {
    const l = launcher();
    const gw = await startTranslate(['--stdio', l.command, '--json-response']);
    try {
      const sid = await openSession(gw.base);
      assert.equal(l.helper().length, 1);
      await fetch(`${gw.base}/mcp`, { method: 'DELETE', headers: { 'Mcp-Session-Id': sid } });
      await gone(l.helper, 'the launcher\'s helper to stop after DELETE');
    } finally {
      await gw.stop();
    }
  });

  test('when the legacy SSE stream closes', async () => {
    const l = launcher();
    const gw = await startTranslate(['--stdio', l.command, '--expose-sse']);
    try {
      const req = http.get(`${gw.base}/sse`, { agent: false });
      const res = await new Promise((resolve, reject) => { req.once('response', resolve); req.once('error', reject); });
      assert.equal(res.statusCode, 200);
      await waitFor(() => l.helper().length === 1, 5000, 'the child to start');
      req.destroy();
      await gone(l.helper, 'the launcher\'s helper to stop after the stream closed');
    } finally {
      await gw.stop();
    }
  });

  test('when the session expires', async () => {
    const l = launcher();
    const gw = await startTranslate(['--stdio', l.command, '--json-response', '--session-ttl', '1']);
    try {
      const sid = await openSession(gw.base);
      assert.equal(l.helper().length, 1);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const r = await fetch(`${gw.base}/mcp`, { method: 'POST', headers: { ...jsonHeaders, 'Mcp-Session-Id': sid },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }) });
      assert.equal(r.status, 404);
      await gone(l.helper, 'the launcher\'s helper to stop after the session expired');
    } finally {
      await gw.stop();
    }
  });

  test('when translate gets SIGTERM', async () => {
    const l = launcher();
    const gw = await startTranslate(['--stdio', l.command, '--json-response']);
    try {
      await openSession(gw.base);
      assert.equal(l.helper().length, 1);
    } finally {
      await gw.stop();
    }
    await gone(l.helper, 'the launcher\'s helper to stop with translate');
  });

  test('when translate is killed with SIGKILL, its child goes with it', async () => {
    // A launcher that outlives its server: after the server ends (its stdin closes with
    // translate) it would start the sleep, and live on with no parent to stop it. The kernel
    // closes a dying process's pipes before it signals its children (PR_SET_PDEATHSIG), so what
    // a launcher starts in that short window cannot be stopped; a launcher that takes 200 ms to
    // get there must be.
    const sleep = `sleep ${(900 + Math.random() * 99).toFixed(6)}`;
    const gw = await startTranslate(['--stdio', `sh -c '${echoServer}; sleep 0.2; ${sleep}'`, '--json-response']);
    await openSession(gw.base);
    const [launcherPid] = childrenOf(gw.proc.pid);
    assert.ok(launcherPid, 'translate runs the launcher');
    gw.proc.kill('SIGKILL');
    await waitFor(() => processGone(launcherPid), 5000, 'the launcher to die with translate');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(processesRunning(sleep), [], 'nothing the launcher would have started runs');
  });
});

describe('serve stops a stdio gateway\'s whole process group', () => {
  test('on DELETE /gateways/{id}, and on SIGTERM', async () => {
    const first = launcher();
    const second = launcher();
    const gw = await startServe();
    const admin = mintToken(gw.dir, ['--admin']);
    const register = async (name, command) => {
      const r = await gw.api('POST', '/gateways', { name, command }, { Authorization: `Bearer ${admin}` });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    try {
      const id = await register('launched', first.command);
      await register('launched-too', second.command);
      await waitFor(() => first.helper().length === 1 && second.helper().length === 1, 8000, 'both children to start');
      const r = await gw.api('DELETE', `/gateways/${id}`, undefined, { Authorization: `Bearer ${admin}` });
      assert.ok(r.status === 200 || r.status === 204, r.text);
      await gone(first.helper, 'the deleted gateway\'s helper to stop');
      assert.equal(second.helper().length, 1);
    } finally {
      await gw.stop();
    }
    await gone(second.helper, 'the remaining gateway\'s helper to stop with serve');
  });
});

describe('children get a clean environment', () => {
  const envOf = (file) => Object.fromEntries(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

  test('translate: the allow-list and --env, never the gateway\'s secrets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-env-'));
    const file = path.join(dir, 'env');
    const gw = await startTranslate(['--stdio', `sh -c 'env > ${file}; exec ${echoServer}'`, '--json-response',
      '--env', 'GIVEN=yes'], { env: { ...secrets, MCPGW_TEST_UNLISTED: 'x', LC_ALL: 'C' } });
    try {
      await openSession(gw.base);
      await waitFor(() => fs.existsSync(file) && fs.statSync(file).size > 0, 5000, 'the child to write its environment');
      const env = envOf(file);
      for (const name of [...Object.keys(secrets), 'MCPGW_TEST_UNLISTED']) assert.equal(env[name], undefined, name);
      assert.equal(env.GIVEN, 'yes');
      assert.equal(env.PATH, process.env.PATH);
      assert.equal(env.LC_ALL, 'C');
    } finally {
      await gw.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('serve: the allow-list and the gateway\'s env, never serve\'s secrets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-env-'));
    const file = path.join(dir, 'env');
    const gw = await startServe({ env: { ...secrets, MCPGW_TEST_UNLISTED: 'x' } });
    try {
      const admin = mintToken(gw.dir, ['--admin'], secrets);
      const r = await gw.api('POST', '/gateways', { name: 'envdump', command: `sh -c 'env > ${file}; exec ${echoServer}'`,
        env: { GIVEN: 'yes' } }, { Authorization: `Bearer ${admin}` });
      assert.equal(r.status, 201, r.text);
      await waitFor(() => fs.existsSync(file) && fs.statSync(file).size > 0, 5000, 'the child to write its environment');
      const env = envOf(file);
      for (const name of [...Object.keys(secrets), 'MCPGW_TEST_UNLISTED']) assert.equal(env[name], undefined, name);
      assert.equal(env.GIVEN, 'yes');
      assert.equal(env.PATH, process.env.PATH);
    } finally {
      await gw.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
