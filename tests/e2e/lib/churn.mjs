// Many sessions in a row: bounded parallelism and a bound on each step, for the churn tests.
import { waitFor } from './harness.mjs';
import { rssKb, fdCount, childrenOf } from './proc_stats.mjs';

/** Runs `count` calls of `one(i)`, `width` at a time. */
export async function inParallel(count, width, one) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await one(next++);
  }));
}

/** Fails with `what` when `promise` takes longer than `ms`: a frozen gateway fails the test, not CI. */
export function within(ms, promise, what) {
  let timer;
  const limit = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Waits until `gw` has no child left and no more descriptors than `fds`; returns the figures. */
export async function settled(gw, fds) {
  await waitFor(() => childrenOf(gw.proc.pid).length === 0, 15000, 'every child to be reaped');
  await waitFor(() => fdCount(gw.proc.pid) <= fds, 5000, `descriptors back to ${fds}`).catch(() => {});
  return { fds: fdCount(gw.proc.pid), rss: rssKb(gw.proc.pid) };
}
