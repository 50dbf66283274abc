// Paired rounds of the serving benchmark: two servers loaded at the same time, each by a load generator in a
// process of its own, so that both see the same moment of the machine. Alternating rounds (run.mjs) load one
// server at a time, and on this VM a server's own speed changes by more than the overhead being measured within
// seconds; here both servers live through the same changes, and the ratios of their requests and of their CPU
// time a request (Linux: /proc/<pid>/stat) compare their cost in one moment. run.mjs pins both servers to one core
// and the load generators (forked from it, so pinned like it) to the others (affinity.mjs): the two servers split
// that core, so each serves about half the requests it would alone; the ratios are what is recorded.
//   node server/bench/paired.mjs <url> <request JSON> <seconds> <connections>   (a load process, forked below)
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { httpLoad } from './load.mjs';

const self = fileURLToPath(import.meta.url);

/** User + system CPU of a process in µs, or null where /proc is missing. */
function cpuMicros(pid) {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return null;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks.
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000; // USER_HZ is 100 on Linux
}

/**
 * One load process, ready to start on 'go': `ready` resolves on its first message, `result` on its second
 * (sent only after 'go'); both reject if it exits first, so a load process that fails cannot hang the benchmark.
 */
function loader(url, req, seconds, connections) {
  const child = fork(self, [url, JSON.stringify(req), String(seconds), String(connections)], { stdio: 'inherit' });
  const exited = new Promise((_, reject) =>
    child.once('exit', (code) => reject(new Error(`a paired load process exited with code ${code}`))),
  );
  exited.catch(() => {}); // it also exits after sending its result: only a race below may see the rejection
  const message = () => Promise.race([new Promise((resolve) => child.once('message', resolve)), exited]);
  const ready = message();
  const result = ready.then(message);
  return { child, ready, result };
}

/**
 * Loads both servers ({ url, pid }) at once for `seconds`. Answers each one's requests and CPU µs a request
 * (null without /proc), and `ratio`: b's requests over a's, `cpuRatio`: a's CPU a request over b's, and
 * `serversBusy`: the cores both servers used together over the round (null without /proc).
 */
export async function pairedRound(a, b, req, { seconds, connections }) {
  const loads = [a, b].map((s) => loader(s.url, req, seconds, connections));
  await Promise.all(loads.map((l) => l.ready));
  const before = [a, b].map((s) => cpuMicros(s.pid));
  const start = performance.now();
  for (const l of loads) l.child.send('go');
  const results = await Promise.all(loads.map((l) => l.result));
  const after = [a, b].map((s) => cpuMicros(s.pid));
  const wallMicros = (performance.now() - start) * 1000;
  const [ra, rb] = results.map((r, i) => {
    if (r.errors > 0) throw new Error(`${r.errors} failed requests in a paired round`);
    const cpu = before[i] === null ? null : (after[i] - before[i]) / r.requests;
    return { requests: r.requests, requestsPerSecond: r.requestsPerSecond, cpuMicrosPerRequest: cpu };
  });
  return {
    a: ra,
    b: rb,
    ratio: rb.requests / ra.requests,
    cpuRatio: ra.cpuMicrosPerRequest === null ? null : ra.cpuMicrosPerRequest / rb.cpuMicrosPerRequest,
    // Cores the two servers kept busy together: about 1 when they share one pinned core that the load saturates.
    serversBusy: before[0] === null ? null : (after[0] - before[0] + after[1] - before[1]) / wallMicros,
  };
}

if (process.argv[1] === self && process.send) {
  const [url, req, seconds, connections] = process.argv.slice(2);
  process.send('ready');
  process.once('message', async () => {
    const r = await httpLoad(url, JSON.parse(req), { seconds: Number(seconds), connections: Number(connections) });
    process.send(r, () => process.exit(0));
  });
}
