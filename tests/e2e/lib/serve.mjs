// Starts `mcpgw serve` in a directory of its own (database and generated secrets live there)
// and talks to its REST API with a token minted by `mcpgw token`.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mcpgwBin, stopProcess } from './harness.mjs';

/** A fresh directory for one gateway's database and secrets. */
export function serveDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-serve-'));
}

/**
 * Runs `mcpgw serve --port 0` in `dir` and resolves once it is ready. Returns
 * {base, port, dir, token (an admin's), proc, stderr(), api(method, path, body, headers), stop()}.
 */
export async function startServe({ dir = serveDir(), env = {}, args = [], timeoutMs = 15000 } = {}) {
  const proc = spawn(mcpgwBin, ['serve', '--port', '0', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HEALTH_CHECK_INTERVAL: '1', UNHEALTHY_THRESHOLD: '1', ...env },
  });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`serve did not become ready:\n${stderr}`));
    }, timeoutMs);
    let listening = 0;
    proc.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = stderr.match(/event=listening address=[^\s:]+:(\d+)/);
      if (m) listening = Number(m[1]);
      if (listening && /event=ready/.test(stderr)) { clearTimeout(timer); resolve(listening); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}:\n${stderr}`)); });
  });
  proc.removeAllListeners('exit');
  const base = `http://127.0.0.1:${port}`;
  // An admin token: tests register and change gateways with it.
  const token = mintToken(dir, ['--admin'], env);
  const api = async (method, route, body, headers = {}) => {
    const init = { method, headers: { Authorization: `Bearer ${token}`, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${base}${route}`, init);
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, json, text, headers: res.headers };
  };
  return { base, port, dir, token, proc, api, stderr: () => stderr, stop: () => stopProcess(proc, 15000) };
}

/**
 * A token from `mcpgw token`, which finds the secret serve generated in `dir` (or beside
 * $DATABASE_URL); subject e2e@example.com unless `extra` names one with --username.
 */
export function mintToken(dir, extra = [], env = {}) {
  const user = extra.includes('--username') || extra.includes('-u') ? [] : ['--username', 'e2e@example.com'];
  return execFileSync(mcpgwBin, ['token', ...user, ...extra],
    { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
}

/** An HS256 token signed with `secret` and exactly `claims`, for tokens `mcpgw token` refuses to make. */
export function signToken(secret, claims) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  const sig = crypto.createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${sig}`;
}

/** The secret serve generated in `dir`. */
export function generatedSecret(dir) {
  return fs.readFileSync(path.join(dir, '.mcpgw_jwt_secret'), 'utf8').trim();
}
