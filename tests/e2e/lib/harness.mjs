// Starts the built mcpgw binary and real MCP peers for end-to-end tests; everything on loopback.
import { spawn } from 'node:child_process';
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
 * Runs `mcpgw translate ... --port 0` and resolves once it listens. Returns {url, port, proc,
 * stderr(), stop()}. The port comes from the `event=listening` log line.
 */
export async function startTranslate(args, { timeoutMs = 10000, env = {} } = {}) {
  const proc = spawn(mcpgwBin, ['translate', ...args, '--port', '0'], {
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
