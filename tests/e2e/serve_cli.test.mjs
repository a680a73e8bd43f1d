// The command line of mcpgw serve: settings from flags, environment and file with clear errors,
// the man page and bash completion kept in step with --help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { e2eDir, mcpgwBin, waitFor } from './lib/harness.mjs';
import { serveDir, startServe } from './lib/serve.mjs';

const root = path.resolve(e2eDir, '../..');
const serve = (args, env = {}, cwd = serveDir()) =>
  spawnSync(mcpgwBin, ['serve', ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10000 });

const flags = () => [...serve(['--help']).stdout.matchAll(/^\s+(?:-\w, ?)?(--[a-z-]+)/gm)].map((m) => m[1]);

test('a bad setting stops start-up with exit 1 and names the setting', () => {
  const cases = [
    [['--port', 'abc'], {}, /--port/],
    [[], { PORT: '99999' }, /PORT/],
    [[], { JWT_SECRET_KEY: 'short' }, /JWT_SECRET_KEY.*32/],
    [[], { DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [[], { GATEWAY_TOOL_NAME_SEPARATOR: '+' }, /GATEWAY_TOOL_NAME_SEPARATOR/],
    [['--no-such-setting', '1'], {}, /no-such-setting/],
  ];
  for (const [args, env, pattern] of cases) {
    const r = serve(args, env);
    assert.equal(r.status, 1, `${args} ${JSON.stringify(env)}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
  }
});

test('a bad config file is named with its line', () => {
  const dir = serveDir();
  const file = path.join(dir, 'mcpgw.toml');
  fs.writeFileSync(file, 'port = "not a number"\n');
  const r = serve(['--config', file], {}, dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /mcpgw\.toml.*1/);
});

test('flags win over the environment, which wins over the config file', async () => {
  const dir = serveDir();
  const file = path.join(dir, 'mcpgw.yaml');
  fs.writeFileSync(file, 'tool_timeout: 5\ngateway_tool_name_separator: "__"\nlog_level: debug\n');
  const gw = await startServe({ dir, args: ['--config', file, '--log-level', 'info'], env: { GATEWAY_TOOL_NAME_SEPARATOR: '.' } });
  try {
    const r = await gw.api('POST', '/gateways', { name: 'fx', command: path.join(process.env.MCPGW_BUILD_DIR || path.join(root, 'build'), 'echo_server') });
    assert.equal(r.status, 201, r.text);
    const tools = (await gw.api('GET', '/tools')).json.map((t) => t.name);
    assert.deepEqual(tools, ['fx.echo'], 'the environment beat the file');
    assert.doesNotMatch(gw.stderr(), /mcpgw debug/, 'the flag beat the file');
  } finally {
    await gw.stop();
  }
});

test('a port in use is a clear start-up error', async () => {
  const gw = await startServe();
  try {
    const r = serve(['--port', String(gw.port)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`${gw.port}.*in use|in use.*${gw.port}|cannot listen`));
  } finally {
    await gw.stop();
  }
});

test('the man page documents every flag and renders cleanly', () => {
  const page = fs.readFileSync(path.join(root, 'man/mcpgw-serve.1'), 'utf8');
  for (const flag of flags().filter((f) => f !== "--help")) assert.ok(page.includes(flag.replaceAll('-', '\\-')), `${flag} in the man page`);
  const r = spawnSync('groff', ['-man', '-ww', '-z', path.join(root, 'man/mcpgw-serve.1')], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '');
});

test('bash completion offers serve and every serve flag', () => {
  const complete = (words) => spawnSync('bash', ['-c', `source ${path.join(root, 'completions/mcpgw.bash')}
COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _mcpgw; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).stdout.trim().split(/\s+/);
  assert.ok(complete('mcpgw se').includes('serve'));
  const offered = complete("mcpgw serve ''");
  for (const flag of flags()) assert.ok(offered.includes(flag), `${flag} completes`);
  assert.deepEqual(complete('mcpgw serve --log-level d'), ['debug']);
});

test('SIGHUP reads the config file again; a broken file keeps the running settings', async () => {
  const dir = serveDir();
  const file = path.join(dir, 'mcpgw.toml');
  fs.writeFileSync(file, 'log_level = "info"\n');
  const gw = await startServe({ dir, args: ['--config', file] });
  try {
    fs.writeFileSync(file, 'log_level = "debug"\n');
    gw.proc.kill('SIGHUP');
    await waitFor(() => /event=config_reloaded/.test(gw.stderr()), 5000, 'reload');
    await gw.api('GET', '/tools');
    fs.writeFileSync(file, 'log_level = \n');
    gw.proc.kill('SIGHUP');
    await waitFor(() => /event=config_reload_failed/.test(gw.stderr()), 5000, 'failed reload');
    assert.equal((await gw.api('GET', '/health')).status, 200, 'still serving');
  } finally {
    await gw.stop();
  }
});

test('mcpgw token finds the generated secret beside a database named by DATABASE_URL', async () => {
  const dataDir = serveDir();
  const env = { DATABASE_URL: `sqlite:///${path.join(dataDir, 'gateway.db')}` };
  const gw = await startServe({ env });  // runs in a directory of its own, not dataDir
  try {
    assert.ok(fs.existsSync(path.join(dataDir, '.mcpgw_jwt_secret')), 'the secret sits beside the database');
    const minted = spawnSync(mcpgwBin, ['token', '--username', 'elsewhere@example.com'],
      { cwd: serveDir(), env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.equal(minted.status, 0, minted.stderr);
    const res = await fetch(`${gw.base}/tools`, { headers: { Authorization: `Bearer ${minted.stdout.trim()}` } });
    assert.equal(res.status, 200);
  } finally {
    await gw.stop();
  }
});
