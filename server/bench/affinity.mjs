// CPU affinity for the serving benchmark's overhead rounds (Linux, with util-linux's taskset). Unpinned, the
// servers, the load generators and V8's helper threads move between the machine's cores as the scheduler likes,
// and on this two-core VM that moved a server's speed by more than the overhead being measured. Pinned, the
// servers share the last core and the load generators have the others: every server is measured on the same core,
// with the same competition, and a paired round splits that core between its two servers.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** The cores the servers and the load generators are pinned to, as taskset lists: null on fewer than two. */
export function cpuSplit() {
  const n = os.cpus().length;
  if (n < 2) return null;
  return { server: String(n - 1), load: n === 2 ? '0' : `0-${n - 2}`, all: `0-${n - 1}` };
}

/**
 * Pins every thread of each process to `cpus` (a taskset list). Processes forked from a pinned one inherit it.
 * @returns false where taskset is missing or refuses (not Linux): the benchmark then runs unpinned and says so.
 */
export function pin(pids, cpus) {
  try {
    for (const pid of pids) {
      execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cpus, String(pid)], { stdio: 'ignore' });
    }
    return true;
  } catch {
    return false;
  }
}
