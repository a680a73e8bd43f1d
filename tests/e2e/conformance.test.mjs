// The official MCP conformance suite against our conformance fixture served by
// mcpgw translate, for both eras (the suite's active scenarios).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { e2eDir, buildDir, startTranslate } from './lib/harness.mjs';

const node22 = path.join(e2eDir, 'node22/node_modules/.bin/node');
const suite = path.join(e2eDir, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const fixture = path.join(buildDir, 'conformance_server');

function runSuite(url, extra) {
  return new Promise((resolve, reject) => {
    const proc = spawn(node22, [suite, 'server', '--url', url, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => { out += d; });
    proc.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`suite timed out:\n${out}`)); }, 240000);
    proc.on('exit', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

function totals(out) {
  const m = out.match(/Total: (\d+) passed, (\d+) failed/);
  assert.ok(m, `no totals line in:\n${out.slice(-2000)}`);
  return { passed: Number(m[1]), failed: Number(m[2]) };
}

for (const [era, extra, minimum] of [
  ['2025-11-25 (legacy, stateful)', [], 70],
  ['2026-07-28 (modern, stateless)', ['--spec-version', '2026-07-28'], 40],
]) {
  test(`every active conformance scenario passes through translate: ${era}`, { timeout: 280000 }, async () => {
    const gw = await startTranslate(['--stdio', fixture]);
    try {
      const { out } = await runSuite(`${gw.base}/mcp`, extra);
      const failedScenarios = out.split('\n').filter((l) => l.startsWith('✗'));
      const t = totals(out);
      assert.deepEqual(failedScenarios, [], 'no scenario fails');
      assert.equal(t.failed, 0);
      assert.ok(t.passed >= minimum, `${t.passed} checks passed, expected at least ${minimum}`);
      assert.match(out, /✓ dns-rebinding-protection/);
    } finally {
      await gw.stop();
    }
  });
}
