// `mcpgw token` against PyJWT, both ways, for every algorithm; plus the command line, the
// rejections a gateway relies on, key files, and the man page and completions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = process.env.MCPGW_BIN ?? path.join(root, 'build/mcpgw');
const peer = path.join(here, 'token_pyjwt.py');
const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384'];
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The environment without JWT_* settings, so the machine's own cannot leak into a test.
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('JWT_')));

// Debian's python3 carries python3-jwt and python3-cryptography (.ci/setup installs them);
// a python3 earlier on PATH (pyenv) may not.
const python = [process.env.MCPGW_PYTHON, '/usr/bin/python3', 'python3']
  .filter(Boolean)
  .find((candidate) =>
    spawnSync(candidate, ['-c', 'import jwt, cryptography'], { stdio: 'ignore' }).status === 0);

function run(command, args, { cwd, input = '', env = {} } = {}) {
  const r = spawnSync(command, args, {
    cwd, input, encoding: 'utf8', timeout: 60_000, env: { ...baseEnv, ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mcpgw = (args, options) => run(bin, args, options);

function pyjwt(args) {
  const r = run(python, [peer, ...args]);
  assert.equal(r.status, 0, `PyJWT ${args[0]} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgw-token-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Mints with mcpgw and returns the token, checking stdout holds it alone.
function mint(args, options) {
  const r = mcpgw(['token', ...args], options);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^[^\n]+\n$/, 'stdout is one line');
  const token = r.stdout.trim();
  assert.match(token, TOKEN);
  return token;
}

function decodePart(token, index) {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString());
}

// Key material for `alg` in `dir`: a secret file for HS*, an mcpgw-made key pair otherwise.
function keysFor(dir, alg) {
  if (alg.startsWith('HS')) {
    const file = path.join(dir, `${alg}.secret`);
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    return { sign: ['--secret-file', file], verify: ['--secret-file', file], priv: file, pub: file };
  }
  const prefix = path.join(dir, alg);
  const r = mcpgw(['token', 'keygen', '--algo', alg, '--out', prefix]);
  assert.equal(r.status, 0, r.stderr);
  const priv = `${prefix}-private.pem`;
  const pub = `${prefix}-public.pem`;
  return { sign: ['--private-key', priv], verify: ['--public-key', pub], priv, pub };
}

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

function standardClaims(extra = {}) {
  const now = nowSeconds();
  return {
    sub: 'admin@example.com', iss: 'mcpgateway', aud: 'mcpgateway-api',
    iat: now, exp: now + 600, jti: crypto.randomUUID(), ...extra,
  };
}

// Runs `token verify ... -o json` expecting a rejection for `reason`.
function assertRejected(token, reason, args) {
  const r = mcpgw(['token', 'verify', token, '-o', 'json', ...args]);
  assert.equal(r.status, 1, `expected ${reason}, got: ${r.stdout}${r.stderr}`);
  assert.equal(JSON.parse(r.stdout).reason, reason);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
  assert.ok(lines[0].startsWith(`mcpgw: invalid token: ${reason}: `), lines[0]);
}

test('PyJWT and python3-cryptography are installed', () => {
  assert.ok(python, 'need a python3 with PyJWT and cryptography (apt-get install python3-jwt '
    + 'python3-cryptography)');
});

test('tokens minted by mcpgw verify with PyJWT, for every algorithm', (t) => {
  const dir = tempDir(t);
  for (const alg of ALGORITHMS) {
    const keys = keysFor(dir, alg);
    const token = mint(['-u', 'admin@example.com', '--exp', '10', '--algo', alg, ...keys.sign]);
    assert.deepEqual(decodePart(token, 0), { alg, typ: 'JWT' });
    const claims = JSON.parse(pyjwt(['decode', alg, keys.pub, token]));
    assert.equal(claims.sub, 'admin@example.com', alg);
    assert.equal(claims.username, 'admin@example.com');
    assert.equal(claims.iss, 'mcpgateway');
    assert.equal(claims.aud, 'mcpgateway-api');
    assert.equal(claims.exp - claims.iat, 600);
    assert.ok(Math.abs(claims.iat - nowSeconds()) < 60);
    assert.match(claims.jti, UUID4);
  }
});

test('tokens minted by PyJWT verify with mcpgw token verify, for every algorithm', (t) => {
  const dir = tempDir(t);
  for (const alg of ALGORITHMS) {
    const keys = keysFor(dir, alg);
    const claims = standardClaims({ role: 'ops' });
    const token = pyjwt(['encode', alg, keys.priv, JSON.stringify(claims)]);
    const r = mcpgw(['token', 'verify', token, ...keys.verify]);
    assert.equal(r.status, 0, `${alg}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout), claims);
    assert.match(r.stderr, new RegExp(`^mcpgw: valid ${alg} token for admin@example.com\\n$`));
  }
});

test('key pairs made by python-cryptography work for minting and verifying', (t) => {
  const dir = tempDir(t);
  for (const alg of ['RS256', 'ES256', 'ES384']) {
    const priv = path.join(dir, `${alg}.key`);
    const pub = path.join(dir, `${alg}.pub`);
    pyjwt(['keypair', alg, priv, pub]);
    assert.match(fs.readFileSync(priv, 'utf8'), /BEGIN (RSA|EC) PRIVATE KEY/);
    const token = mint(['-u', 'bob', '--private-key', priv]);
    assert.equal(decodePart(token, 0).alg, alg, 'the algorithm follows the key');
    assert.equal(JSON.parse(pyjwt(['decode', alg, pub, token])).sub, 'bob');
    const theirs = pyjwt(['encode', alg, priv, JSON.stringify(standardClaims())]);
    assert.equal(mcpgw(['token', 'verify', theirs, '--public-key', pub]).status, 0);
  }
});

test("ContextForge's command line works unchanged", (t) => {
  const dir = tempDir(t);
  const secretFile = path.join(dir, 'k');
  fs.writeFileSync(secretFile, 'my-test-key');
  const r = mcpgw(['token', '--username', 'admin@example.com', '--exp', '10080',
    '--secret', 'my-test-key']);
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  assert.match(r.stderr, /warning: the secret is 11 bytes/);
  const claims = JSON.parse(pyjwt(['decode', 'HS256', secretFile, token]));
  assert.equal(claims.exp - claims.iat, 10080 * 60);

  const short = mint(['-u', 'alice', '-e', '5', '-s', 'my-test-key', '--algo', 'HS512',
    '-d', '{"role":"ops","level":3}']);
  const shortClaims = JSON.parse(pyjwt(['decode', 'HS512', secretFile, short]));
  assert.equal(shortClaims.role, 'ops');
  assert.equal(shortClaims.level, 3);
  assert.equal(shortClaims.exp - shortClaims.iat, 300);

  // -d alone, with key=value pairs and the username inside, as ContextForge allows.
  const fromData = mint(['-d', 'username=carol,team=blue', '-s', 'my-test-key']);
  assert.equal(decodePart(fromData, 1).sub, 'carol');
  assert.equal(decodePart(fromData, 1).team, 'blue');

  const decoded = mcpgw(['token', '--decode', token]);
  assert.equal(decoded.status, 0);
  assert.equal(JSON.parse(decoded.stdout).sub, 'admin@example.com');
  assert.match(decoded.stdout, /^{\n {2}"aud"/, '--decode indents like ContextForge');
  assert.match(decoded.stderr, /NOT VERIFIED/);
});

test('rich tokens carry user, teams, scopes and is_admin', (t) => {
  const dir = tempDir(t);
  const keys = keysFor(dir, 'HS256');
  const token = mint(['-u', 'alice@example.com', '--admin', '--full-name', 'Alice Example',
    '--teams', 'team-a,team-b', '--scopes', '["tools.read","resources.read"]', ...keys.sign]);
  const claims = JSON.parse(pyjwt(['decode', 'HS256', keys.pub, token]));
  assert.deepEqual(claims.user, {
    email: 'alice@example.com', full_name: 'Alice Example', is_admin: true, auth_provider: 'cli',
  });
  assert.equal(claims.is_admin, true);
  assert.deepEqual(claims.teams, ['team-a', 'team-b']);
  assert.deepEqual(claims.scopes, {
    server_id: null, permissions: ['tools.read', 'resources.read'], ip_restrictions: [],
    time_restrictions: {},
  });
  const json = mcpgw(['token', '-u', 'bob', '--algo', 'HS384', '-o', 'json', ...keys.sign]);
  assert.equal(json.status, 0, json.stderr);
  const minted = JSON.parse(json.stdout);
  assert.deepEqual(minted.header, { alg: 'HS384', typ: 'JWT' });
  assert.deepEqual(minted.claims, decodePart(minted.token, 1));
  assert.equal(JSON.parse(pyjwt(['decode', 'HS384', keys.pub, minted.token])).sub, 'bob');

  const plain = decodePart(mint(['-u', 'bob', ...keys.sign]), 1);
  assert.equal(plain.user, undefined);
  assert.equal(plain.teams, undefined);
});

test('secrets come from the flag, a file, the environment or the gateway secret file', (t) => {
  const dir = tempDir(t);
  const secret = 'a-secret-long-enough-for-hs256-tokens!!';
  const file = path.join(dir, 'secret');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  const check = (token) => pyjwt(['decode', 'HS256', file, token]);

  check(mint(['-u', 'a', '--secret', secret]));
  check(mint(['-u', 'a', '--secret-file', file]));
  check(mint(['-u', 'a'], { env: { JWT_SECRET_KEY: secret } }));

  // Neither given: the file `mcpgw serve` keeps beside its database, with a note.
  fs.copyFileSync(file, path.join(dir, '.mcpgw_jwt_secret'));
  const r = mcpgw(['token', '-u', 'a'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /note: using the secret in \.mcpgw_jwt_secret/);
  check(r.stdout.trim());

  const none = mcpgw(['token', '-u', 'a'], { cwd: tempDir(t) });
  assert.equal(none.status, 1);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /^mcpgw: error: no secret: .*JWT_SECRET_KEY/);
});

test('a token that never expires needs --no-expiry-ok, when minting and verifying', (t) => {
  const dir = tempDir(t);
  const keys = keysFor(dir, 'HS256');
  const refused = mcpgw(['token', '-u', 'a', '--exp', '0', ...keys.sign]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /--no-expiry-ok/);

  const r = mcpgw(['token', '-u', 'a', '--exp', '0', '--no-expiry-ok', ...keys.sign]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /never expires/);
  const token = r.stdout.trim();
  assert.equal(decodePart(token, 1).exp, undefined);
  assertRejected(token, 'missing_claim', keys.verify);
  assert.equal(mcpgw(['token', 'verify', token, '--no-expiry-ok', ...keys.verify]).status, 0);
});

test('decode shows header and payload, unverified and labelled so', (t) => {
  const dir = tempDir(t);
  const keys = keysFor(dir, 'ES256');
  const token = mint(['-u', 'dave', ...keys.sign]);
  const r = mcpgw(['token', 'decode', '-', '-o', 'json'], { input: `${token}\n` });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verified, false);
  assert.deepEqual(out.header, { alg: 'ES256', typ: 'JWT' });
  assert.equal(out.payload.sub, 'dave');
  assert.match(r.stderr, /NOT VERIFIED/);

  const plain = mcpgw(['token', 'decode', token]);
  assert.equal(JSON.parse(plain.stdout).sub, 'dave');
  assert.doesNotMatch(plain.stdout, /\n./, 'compact: one line');

  const bad = mcpgw(['token', 'decode', 'not-a-token']);
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /malformed/);
});

test('verify rejects bad tokens with exit 1 and a one-line reason', (t) => {
  const dir = tempDir(t);
  const hs = keysFor(dir, 'HS256');
  const rs = keysFor(dir, 'RS256');
  const encode = (claims, alg = 'HS256', key = hs.priv) =>
    pyjwt(['encode', alg, key, JSON.stringify(claims)]);
  const now = nowSeconds();

  assertRejected(encode(standardClaims({ iat: now - 7200, exp: now - 3600 })), 'expired', hs.verify);
  assertRejected(encode(standardClaims({ nbf: now + 3600 })), 'not_yet_valid', hs.verify);
  assertRejected(encode(standardClaims({ aud: 'another-api' })), 'wrong_audience', hs.verify);
  assertRejected(encode(standardClaims({ iss: 'someone-else' })), 'wrong_issuer', hs.verify);
  const noJti = standardClaims();
  delete noJti.jti;
  assertRejected(encode(noJti), 'missing_claim', hs.verify);
  const otherSecret = keysFor(dir, 'HS512').priv;
  assertRejected(encode(standardClaims(), 'HS256', otherSecret), 'bad_signature', hs.verify);
  assertRejected(pyjwt(['encode', 'none', '-', JSON.stringify(standardClaims())]),
    'algorithm_rejected', hs.verify);
  assertRejected(encode(standardClaims(), 'HS256', hs.priv), 'algorithm_rejected', rs.verify);

  // Tampering: a payload swapped under a valid signature.
  const good = encode(standardClaims());
  const [h, , s] = good.split('.');
  const forged = Buffer.from(JSON.stringify(standardClaims({ sub: 'root' }))).toString('base64url');
  assertRejected(`${h}.${forged}.${s}`, 'bad_signature', hs.verify);

  // Algorithm confusion: HS256 keyed with the RSA public key's PEM text.
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const payload = Buffer.from(JSON.stringify(standardClaims())).toString('base64url');
  const mac = crypto.createHmac('sha256', fs.readFileSync(rs.pub))
    .update(`${header}.${payload}`).digest('base64url');
  assertRejected(`${header}.${payload}.${mac}`, 'algorithm_rejected', rs.verify);

  assertRejected(`${h}!.${payload}.${s}`, 'bad_encoding', hs.verify);
  assertRejected('a.b', 'malformed', hs.verify);
  assertRejected('x'.repeat(9000), 'too_large', hs.verify);
});

test('verify honours --aud, --iss, --leeway and --algo', (t) => {
  const dir = tempDir(t);
  const keys = keysFor(dir, 'HS384');
  const now = nowSeconds();
  const encode = (claims) => pyjwt(['encode', 'HS384', keys.priv, JSON.stringify(claims)]);
  const custom = encode(standardClaims({ aud: 'my-api', iss: 'my-issuer' }));
  assert.equal(mcpgw(['token', 'verify', custom, '--aud', 'my-api', '--iss', 'my-issuer',
    ...keys.verify]).status, 0);
  assert.equal(mcpgw(['token', 'verify', custom, ...keys.verify],
    { env: { JWT_AUDIENCE: 'my-api', JWT_ISSUER: 'my-issuer' } }).status, 0);

  const justExpired = encode(standardClaims({ exp: now - 10 }));
  assert.equal(mcpgw(['token', 'verify', justExpired, ...keys.verify]).status, 0, 'default leeway');
  assertRejected(justExpired, 'expired', ['--leeway', '0', ...keys.verify]);

  assertRejected(encode(standardClaims()), 'algorithm_rejected',
    ['--algo', 'HS256,HS512', ...keys.verify]);
});

test('keygen writes key pairs with a private mode and will not overwrite', (t) => {
  const dir = tempDir(t);
  const r = mcpgw(['token', 'keygen', '--algo', 'ES384', '--out', path.join(dir, 'gw')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  const priv = path.join(dir, 'gw-private.pem');
  const pub = path.join(dir, 'gw-public.pem');
  assert.equal(fs.statSync(priv).mode & 0o777, 0o600);
  assert.equal(fs.statSync(pub).mode & 0o777, 0o644);
  assert.match(fs.readFileSync(pub, 'utf8'), /^-----BEGIN PUBLIC KEY-----/);

  const again = mcpgw(['token', 'keygen', '--algo', 'ES384', '--out', path.join(dir, 'gw')]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already exists/);
  const before = fs.readFileSync(priv, 'utf8');
  const forced = mcpgw(['token', 'keygen', '--algo', 'ES384', '--out', path.join(dir, 'gw'),
    '--force', '-o', 'json']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual(JSON.parse(forced.stdout), { algorithm: 'ES384', private_key: priv, public_key: pub });
  assert.notEqual(fs.readFileSync(priv, 'utf8'), before);

  const paths = mcpgw(['token', 'keygen', '--algo', 'RS512', '--bits', '3072'], {
    env: { JWT_PRIVATE_KEY_PATH: path.join(dir, 'p.pem'), JWT_PUBLIC_KEY_PATH: path.join(dir, 'q.pem') },
  });
  assert.equal(paths.status, 0, paths.stderr);
  const token = mint(['-u', 'x', '--algo', 'RS512'],
    { env: { JWT_PRIVATE_KEY_PATH: path.join(dir, 'p.pem') } });
  assert.equal(JSON.parse(pyjwt(['decode', 'RS512', path.join(dir, 'q.pem'), token])).sub, 'x');

  const secret = mcpgw(['token', 'keygen', '--algo', 'HS512']);
  assert.match(secret.stdout, /^[0-9a-f]{128}\n$/);
  const secretFile = path.join(dir, '.mcpgw_jwt_secret');
  assert.equal(mcpgw(['token', 'keygen', '--algo', 'HS256', '--secret-file', secretFile]).status, 0);
  assert.equal(fs.statSync(secretFile).mode & 0o777, 0o600);
  assert.match(fs.readFileSync(secretFile, 'utf8'), /^[0-9a-f]{64}\n$/);
});

// Every long flag of every token subcommand, from its --help.
function longFlags(args) {
  const help = mcpgw([...args, '--help']).stdout;
  const flags = [...new Set([...help.matchAll(/(?:^|[ ,])(--[a-z][a-z-]+)/gm)].map((m) => m[1]))];
  assert.ok(flags.includes('--help') && flags.includes('--output'), `flags of ${args}: ${flags}`);
  return flags;
}

const SUBCOMMANDS = [['token'], ['token', 'decode'], ['token', 'verify'], ['token', 'keygen']];

test('--help lists the flags the documentation is checked against', () => {
  assert.ok(longFlags(['token']).includes('--username'));
  assert.ok(longFlags(['token', 'verify']).includes('--leeway'));
  assert.ok(longFlags(['token', 'keygen']).includes('--bits'));
});

test('the man page documents every flag and renders cleanly', () => {
  const page = fs.readFileSync(path.join(root, 'man/mcpgw-token.1'), 'utf8');
  for (const args of SUBCOMMANDS) {
    for (const flag of longFlags(args)) {
      assert.ok(page.includes(flag.replaceAll('-', '\\-')), `${args.join(' ')} ${flag} in the man page`);
    }
  }
  const r = run('groff', ['-man', '-ww', '-z', path.join(root, 'man/mcpgw-token.1')]);
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '', 'groff warnings');
});

function complete(words) {
  const script = `source ${path.join(root, 'completions/mcpgw.bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_mcpgw; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = run('bash', ['-c', script]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('bash completion offers the token subcommands, flags and algorithms', () => {
  assert.ok(complete(['mcpgw', '']).includes('token'));
  const afterToken = complete(['mcpgw', 'token', '']);
  for (const sub of ['decode', 'verify', 'keygen']) assert.ok(afterToken.includes(sub), sub);
  for (const args of SUBCOMMANDS) {
    const offered = complete(['mcpgw', ...args, '--']);
    for (const flag of longFlags(args)) {
      if (flag !== '--help') assert.ok(offered.includes(flag), `${args.join(' ')} completes ${flag}`);
    }
  }
  assert.deepEqual(complete(['mcpgw', 'token', 'verify', '--algo', 'ES']), ['ES256', 'ES384']);
  assert.deepEqual(complete(['mcpgw', 'token', '-o', 'j']), ['json']);
});
