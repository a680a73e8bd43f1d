// The mcpgw command line itself: version, help, the command table, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mcpgwBin } from './lib/harness.mjs';

const run = (...args) => spawnSync(mcpgwBin, args, { encoding: 'utf8', timeout: 10000 });

test('--version prints the version and succeeds', () => {
  const r = run('--version');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^mcpgw \d+\.\d+\.\d+/);
});

test('--help lists exactly the subcommands that exist', () => {
  const r = run('--help');
  assert.equal(r.status, 0);
  for (const name of ['serve', 'translate', 'wrapper', 'token', 'register', 'catalog'])
    assert.match(r.stdout, new RegExp(`^\\s+${name}\\b`, 'm'));
});

test('each subcommand has its own help', () => {
  const r = run('translate', '--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--stdio/);
  assert.match(r.stdout, /--connect/);
});

test('a bad command line exits 1 with a reason on stderr', () => {
  const r = run('translate', '--no-such-flag');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no-such-flag/);
  assert.equal(run().status, 1);
  const bad = run('translate', '--stdio', 'x', '--header-to-env', 'A=B');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^mcpgw: error: .*--enable-dynamic-env/m);
});
