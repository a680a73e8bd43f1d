// Launches `mcpgw wrapper` the way a desktop client does: the SDK 1.x stdio client, with the
// configuration in the environment, answering sampling, elicitation and roots itself.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { mcpgwBin, buildDir } from './harness.mjs';
import path from 'node:path';

export const conformanceFixture = path.join(buildDir, 'conformance_server');

const knownValues = { name: 'Grace Hopper', username: 'grace', email: 'grace@example.com', color: 'blue' };
const formatValues = { email: 'grace@example.com', uri: 'https://example.com', date: '1906-12-09' };

/** Fills the required fields of an elicitation form with plausible values. */
export function fillForm(schema) {
  const out = {};
  for (const key of schema?.required ?? []) {
    const p = schema.properties?.[key] ?? {};
    if (p.type === 'boolean') out[key] = true;
    else if (p.type === 'integer' || p.type === 'number') out[key] = p.minimum ?? 1;
    else if (p.enum) out[key] = p.enum[0];
    else out[key] = knownValues[key] ?? formatValues[p.format] ?? `${key}-value`;
  }
  return out;
}

/**
 * Starts `mcpgw wrapper` with MCP_SERVER_URL=url (plus `env`) under the SDK's stdio client and
 * connects. Returns {client, transport, asked, stderr(), close()}; `asked` records what the
 * server asked the client for.
 */
export async function connectWrapper(url, { env = {}, args = [], name = 'desktop' } = {}) {
  const asked = { sampling: [], elicitation: [], roots: 0 };
  const client = new Client({ name, version: '1.0.0' },
    { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    asked.sampling.push(request.params);
    return { role: 'assistant', content: { type: 'text', text: 'desktop sample' }, model: 'e2e', stopReason: 'endTurn' };
  });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.elicitation.push(request.params);
    return { action: 'accept', content: fillForm(request.params.requestedSchema) };
  });
  client.setRequestHandler(ListRootsRequestSchema, async () => {
    asked.roots += 1;
    return { roots: [{ uri: 'file:///tmp/desktop', name: 'desktop' }] };
  });
  const transport = new StdioClientTransport({
    command: mcpgwBin, args: ['wrapper', ...args],
    env: { MCP_SERVER_URL: url, MCP_WRAPPER_LOG_LEVEL: 'INFO', ...env }, stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => { stderr += d; });
  try {
    await client.connect(transport);
  } catch (e) {
    await client.close().catch(() => {});
    e.message += `\nwrapper stderr:\n${stderr}`;
    throw e;
  }
  return { client, transport, asked, stderr: () => stderr, close: () => client.close() };
}

/**
 * Runs `mcpgw wrapper` on raw pipes, for tests about the process itself. Returns {proc,
 * send(message), next(predicate), stderr(), exited}; `exited` resolves with the exit code.
 */
export function spawnWrapper(url, { env = {}, args = [] } = {}) {
  const proc = spawn(mcpgwBin, ['wrapper', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, MCP_SERVER_URL: url, MCP_WRAPPER_LOG_LEVEL: 'INFO', ...env },
  });
  let stderr = '';
  let buffer = '';
  const messages = [];
  const waiters = [];
  proc.stderr.on('data', (d) => { stderr += d; });
  proc.stdout.on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim()) messages.push(JSON.parse(line));
    }
    for (const w of [...waiters]) w();
  });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal)));
  return {
    proc, exited, messages,
    stderr: () => stderr,
    send: (m) => proc.stdin.write(`${JSON.stringify(m)}\n`),
    /** The first message so far or later for which `predicate` holds; rejects after `ms`. */
    next: (predicate, ms = 10000) => new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate);
        if (!found) return false;
        waiters.splice(waiters.indexOf(check), 1);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(check), 1);
        reject(new Error(`no matching message within ${ms} ms; got ${JSON.stringify(messages)}\n${stderr}`));
      }, ms);
      waiters.push(check);
      check();
    }),
  };
}
