// Starts the built mcpgw binary and real MCP peers for end-to-end tests; everything on loopback.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const e2eDir = path.resolve(here, '..');
export const mcpgwBin = process.env.MCPGW_BIN || path.resolve(e2eDir, '../../build/mcpgw');
export const buildDir = process.env.MCPGW_BUILD_DIR || path.resolve(e2eDir, '../../build');
export const loopbackPreload = path.join(here, 'bind-localhost.cjs');
export const everythingServer = path.join(
  e2eDir, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
/** The stdio command line of server-everything, as translate --stdio takes it. */
export const everythingStdio = `node ${everythingServer} stdio`;

/**
 * Runs `mcpgw translate ... --port PORT` (0 by default: a free one) and resolves once it listens.
 * Returns {url, port, proc, stderr(), stop()}. The port comes from the `event=listening` log line.
 */
export async function startTranslate(args, { timeoutMs = 10000, env = {}, port: wanted = 0 } = {}) {
  const proc = spawn(mcpgwBin, ['translate', ...args, '--port', String(wanted)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`translate did not start:\n${stderr}`));
    }, timeoutMs);
    proc.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = stderr.match(/event=listening address=[^\s:]+:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`translate exited ${code}:\n${stderr}`)); });
  });
  proc.removeAllListeners('exit');
  const base = `http://127.0.0.1:${port}`;
  return {
    base, port, proc,
    stderr: () => stderr,
    stop: () => stopProcess(proc),
  };
}

/** SIGTERM, then SIGKILL after a grace period; resolves with the exit code. */
export function stopProcess(proc, graceMs = 5000) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', (code, signal) => { clearTimeout(timer); resolve(code ?? signal); });
    proc.kill('SIGTERM');
  });
}

/** Resolves when `predicate()` is true, polling; rejects after `timeoutMs`. */
export async function waitFor(predicate, timeoutMs = 5000, what = 'condition') {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A loopback port nothing listens on at the moment of asking. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs server-everything over HTTP, `mode` 'streamableHttp' (endpoint /mcp) or 'sse' (/sse), on a
 * free loopback port, and resolves once it answers. Returns {base, url, port, proc, output(), stop()}.
 */
export async function startEverythingHttp(mode, { timeoutMs = 15000 } = {}) {
  const port = await freePort();
  const proc = spawn(process.execPath, [everythingServer, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), NODE_OPTIONS: `--require ${loopbackPreload}` },
  });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      if (proc.exitCode !== null) throw new Error(`server-everything exited ${proc.exitCode}:\n${output}`);
      return fetch(`${base}/`).then(() => true, () => false);
    }, timeoutMs, 'server-everything to listen');
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return {
    base, port, proc,
    url: `${base}${mode === 'sse' ? '/sse' : '/mcp'}`,
    output: () => output,
    stop: () => stopProcess(proc),
  };
}

/**
 * The official 2.x SDK's server (lib/sdk2_server.mjs) on a loopback port: a 2026-07-28-only MCP
 * server over streamable HTTP, served at `url`.
 */
export async function startSdk2Server({ timeoutMs = 15000 } = {}) {
  const proc = spawn(process.execPath, [path.join(here, 'sdk2_server.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`sdk2 server did not start:\n${output}`)); }, timeoutMs);
    proc.stdout.on('data', (d) => {
      output += d;
      const m = output.match(/listening (\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.stderr.on('data', (d) => { output += d; });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sdk2 server exited ${code}:\n${output}`)); });
  });
  proc.removeAllListeners('exit');
  return { port, proc, url: `http://127.0.0.1:${port}/mcp`, output: () => output, stop: () => stopProcess(proc) };
}
