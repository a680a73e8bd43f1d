// What a process holds, read from /proc: resident memory, open descriptors, live children.
import fs from 'node:fs';

/** Resident set size of `pid` in kB (VmRSS). */
export function rssKb(pid) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m);
  return Number(m[1]);
}

/** How many file descriptors `pid` has open. */
export function fdCount(pid) {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** The state letter and parent of `pid` from /proc/PID/stat, or null when there is no such process. */
function stat(pid) {
  let text;
  try { text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return null; }
  // The command name is in parentheses and may hold spaces; the fields after it are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]) };
}

/** The pids of the processes whose parent is `pid` (zombies included: they are leaks too). */
export function childrenOf(pid) {
  const kids = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (s && s.ppid === pid) kids.push(Number(name));
  }
  return kids;
}

/** True when `pid` is gone or only a zombie waiting for a reaper that is not us. */
export function processGone(pid) {
  const s = stat(pid);
  return s === null || s.state === 'Z' || s.state === 'X';
}

/** The pids of live processes whose arguments, joined by spaces, are exactly `commandLine`. */
export function processesRunning(commandLine) {
  const found = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let argv;
    try { argv = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8'); } catch { continue; }
    if (argv.split('\0').filter(Boolean).join(' ') === commandLine && !processGone(Number(name))) found.push(Number(name));
  }
  return found;
}
