// Shell completions: for every subcommand `mcpgw --help` lists (and theirs, down the tree),
// bash, zsh and fish each offer every long flag and every subcommand its --help lists, plus the
// values of the flags that take one of a few.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { e2eDir, mcpgwBin } from './lib/harness.mjs';

const root = path.resolve(e2eDir, '../..');
const dir = path.join(root, 'completions');

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
  if (r.error) throw r.error;
  return r;
}

/**
 * The long flags and the subcommands `mcpgw ARGS --help` lists; null when it fails, or prints
 * the help of another command (an unknown subcommand is taken for an argument of its parent).
 */
function help(args) {
  const r = run(mcpgwBin, [...args, '--help']);
  const usage = `Usage: ${['mcpgw', ...args].join(' ')}`;
  if (r.status !== 0 || !r.stdout.split('\n').some((line) => line === usage || line.startsWith(`${usage} `))) return null;
  const found = { flags: [], subcommands: [] };
  let section = null;
  for (const line of r.stdout.split('\n')) {
    const heading = line.match(/^(\w+):\s*$/);
    if (heading) section = heading[1].toLowerCase();
    else if (section === 'options' && /^\s+-/.test(line)) {
      found.flags.push(...line.trim().split(/\s/)[0].split(',').filter((name) => name.startsWith('--')));
    } else if (section === 'subcommands' && /^\s+\w/.test(line)) {
      found.subcommands.push(line.trim().split(/\s/)[0]);
    }
  }
  return found;
}

// Subcommands that may not be in this build yet: their completions are written from their
// specification, and checked against --help as soon as --help lists them.
const NOT_YET = [];

/** Every command path under `mcpgw` with its help, parents first; a note for each one missing. */
function commandTree() {
  const paths = [];
  const notes = [];
  const visit = (args) => {
    const found = help(args);
    if (!found) {
      assert.ok(args.length === 1 && NOT_YET.includes(args[0]), `mcpgw ${args.join(' ')} --help fails`);
      notes.push(`mcpgw ${args[0]} --help fails (not merged yet): its completions are not checked against it`);
      return;
    }
    paths.push({ args, ...found });
    for (const sub of found.subcommands) visit([...args, sub]);
  };
  visit([]);
  const top = paths[0].subcommands;
  for (const name of ['serve', 'translate', 'wrapper', 'token', 'register', 'catalog']) {
    if (NOT_YET.includes(name)) {
      if (!top.includes(name)) visit([name]);
    } else {
      assert.ok(top.includes(name), `mcpgw --help lists ${name}: ${top}`);
    }
  }
  return { paths, notes };
}

let tree;
const commands = () => (tree ??= commandTree());

const quote = (word) => `'${word.replaceAll("'", "'\\''")}'`;

// Each shell: what it offers for each command line (words after `mcpgw`, the last one the word
// being completed), all lines at once.
const shells = {
  bash(lines) {
    const script = lines.map((words) => `COMP_WORDS=(mcpgw ${words.map(quote).join(' ')})
COMP_CWORD=${words.length}; COMPREPLY=(); _mcpgw; echo "@@"; printf '%s\\n' "\${COMPREPLY[@]}"`).join('\n');
    return parse(run('bash', ['-c', `source ${quote(path.join(dir, 'mcpgw.bash'))}\n${script}`]), lines.length);
  },
  zsh(lines) {
    const typed = lines.map((words) => ['mcpgw', ...words].join(' '));
    return parse(run('zsh', ['-f', path.join(e2eDir, 'lib/zsh_complete.zsh'), dir, ...typed]), lines.length);
  },
  fish(lines) {
    const script = `source ${quote(path.join(dir, 'mcpgw.fish'))}
for line in $argv; echo @@; complete -C $line; end`;
    const typed = lines.map((words) => ['mcpgw', ...words].join(' '));
    const r = run('fish', ['-c', script, ...typed]);
    return parse({ ...r, stdout: r.stdout.replace(/\t.*$/gm, '') }, lines.length);
  },
};

/** The words offered for each line, from output where a line starting with @@ begins each. */
function parse(r, count) {
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no errors on stderr');
  const offered = r.stdout.split(/^@@.*\n?/m).slice(1).map((block) => block.split('\n').filter(Boolean));
  assert.equal(offered.length, count, r.stdout);
  for (const words of offered) assert.ok(!words.includes('timeout'), 'the completion came back');
  return offered;
}

const installed = (shell) => run('sh', ['-c', `command -v ${shell}`]).status === 0;

for (const [shell, complete] of Object.entries(shells)) {
  test(`${shell} offers every subcommand and long flag --help lists`, (t) => {
    assert.ok(installed(shell), `${shell} is not installed (bash .ci/setup installs it)`);
    const { paths, notes } = commands();
    for (const note of notes) t.diagnostic(note);
    // For each path: its flags after `--`, and, where it has subcommands, those after ''.
    const lines = [];
    const expected = [];
    for (const { args, flags, subcommands } of paths) {
      lines.push([...args, '--']);
      expected.push({ args, what: 'flag', want: flags });
      if (subcommands.length > 0) {
        lines.push([...args, '']);
        expected.push({ args, what: 'subcommand', want: subcommands });
      }
    }
    const offered = complete(lines);
    const missing = [];
    expected.forEach(({ args, what, want }, i) => {
      for (const word of want) {
        if (!offered[i].includes(word)) missing.push(`${shell}: mcpgw ${args.join(' ')}: ${what} ${word} not offered`);
      }
    });
    assert.deepEqual(missing, []);
  });
}

// Values: each line's words after `mcpgw`, and what must be offered (and what must not).
const VALUES = [
  [['register', 'list', ''], ['gateways', 'tools', 'servers', 'prompts', 'resources']],
  [['register', 'disable', ''], ['gateways', 'tools', 'servers', 'prompts', 'resources']],
  [['register', '--url', 'http://127.0.0.1:4444', 'show', ''], ['gateways', 'tools']],
  [['register', 'export', '-o', ''], ['table', 'json', 'yaml', 'toml']],
  [['register', 'list', '--output', ''], ['table', 'json', 'yaml'], ['toml']],
  [['register', 'gateway', 'name', '--transport', ''], ['sse', 'streamable-http']],
  [['register', 'tool', 'name', '--method', ''], ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']],
  [['register', 'token', ''], ['revoke']],
  [['token', 'verify', '--algo', ''], ['HS256', 'ES384']],
  [['serve', '--log-level', ''], ['debug', 'off']],
  [['wrapper', '--era', ''], ['auto', 'legacy', 'modern']],
];

const catalogSpec = [
  [['catalog', ''], ['list', 'search', 'show', 'install', 'import', 'validate']],
  [['catalog', 'install', 'id', '--'], ['--name', '--env', '--api-key', '--no-input', '--catalog', '--url', '--output']],
  [['catalog', 'list', '--'], ['--category', '--tag', '--installed', '--catalog', '--quiet']],
  [['catalog', '-o', ''], ['table', 'json', 'yaml'], ['toml']],
];

for (const [shell, complete] of Object.entries(shells)) {
  test(`${shell} offers the values of register's, token's and the others' flags, and catalog's as specified`, () => {
    assert.ok(installed(shell), `${shell} is not installed (bash .ci/setup installs it)`);
    const cases = [...VALUES, ...catalogSpec];
    const offered = complete(cases.map(([words]) => words));
    cases.forEach(([words, want, unwanted = []], i) => {
      for (const word of want) assert.ok(offered[i].includes(word), `${shell}: mcpgw ${words.join(' ')} offers ${word}: ${offered[i]}`);
      for (const word of unwanted) assert.ok(!offered[i].includes(word), `${shell}: mcpgw ${words.join(' ')} does not offer ${word}`);
    });
  });
}

test('the zsh completion parses, and loads after compinit without errors', () => {
  assert.ok(installed('zsh'), 'zsh is not installed (bash .ci/setup installs it)');
  const file = path.join(dir, '_mcpgw');
  let r = run('zsh', ['-n', file]);
  assert.equal(r.status, 0, r.stderr);
  r = run('zsh', ['-f', '-c', `autoload -U compinit; compinit -u -D; source ${quote(file)}; print -r -- $_comps[mcpgw]`]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.trim(), '_mcpgw');
});

test('the fish completion parses, and sources without errors', () => {
  assert.ok(installed('fish'), 'fish is not installed (bash .ci/setup installs it)');
  const file = path.join(dir, 'mcpgw.fish');
  let r = run('fish', ['--no-execute', file]);
  assert.equal(r.status, 0, r.stderr);
  r = run('fish', ['-c', `source ${quote(file)}`]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
});
