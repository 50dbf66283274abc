// Runs `linwasm serve`'s server in a child Node process started with --no-memory-reducer.
//
// Why: once a process has had one full garbage collection (linwasm's start-up has one: its heap passes V8's
// first 13 MB limit while it loads), V8's memory reducer runs a memory-reducing full collection after the next
// quiet spell, or 100 s later at most. Run while no request is in flight, that collection frees the hidden
// classes of requests, which deoptimizes the request path (Node's HTTP internals and the server's own
// functions): in bench:serve, a server that pauses between bursts of load then answers 20-25% fewer requests
// for a minute or more (docs/server.md, "After a quiet spell"). Node takes the flag only on its own command line
// (not in NODE_OPTIONS, and v8.setFlagsFromString comes too late for the heap that already exists). A worker
// thread created after setting it would have no reducer, but measured it served 10-15% slower than the main
// thread, so the server gets a process of its own instead.
//
// The parent only supervises: it passes SIGINT and SIGTERM on to the child and exits with the child's status.
// The child stays in the parent's process group and session (a session of its own would also be a scheduling
// group of its own on Linux's autogroup, which measurably changed its share of a busy core). So a Ctrl-C in a
// terminal, or systemd stopping the whole control group, reaches both processes: the child counts a signal that
// arrives both ways within a moment once, so that it does not mistake it for the "second signal, exit without
// waiting". If the parent dies, the child stops as on SIGTERM.
import { spawn } from 'node:child_process';
import inspector from 'node:inspector';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Set in the child's environment: the supervising parent's pid. */
const PARENT_ENV = 'LINWASM_SERVE_PARENT';
const FORWARDED = ['SIGINT', 'SIGTERM'] as const;

/** Whether this process's heap already runs without the memory reducer (`node --no-memory-reducer`). */
export function memoryReducerOff(execArgv: readonly string[] = process.execArgv): boolean {
  return execArgv.some((a) => a.replaceAll('_', '-') === '--no-memory-reducer');
}

/** Messages from the parent: a signal it received. */
interface Forwarded {
  signal: NodeJS.Signals;
}

/**
 * Starts `linwasm serve <args>` again in a child Node process without the memory reducer (Node's other flags
 * kept), passes SIGINT and SIGTERM on to it, and exits this process with its status when it ends.
 */
export function serveInChildProcess(args: readonly string[]): void {
  const bin = fileURLToPath(new URL('../../bin/linwasm.mjs', import.meta.url));
  // Under --inspect the server is what is to be debugged: the parent frees the inspector's port for the child,
  // which gets the same flag.
  if (inspector.url() !== undefined) inspector.close();
  const child = spawn(process.execPath, ['--no-memory-reducer', ...process.execArgv, bin, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [PARENT_ENV]: String(process.pid) },
  });
  const forward = (signal: NodeJS.Signals) => {
    if (child.connected) child.send({ signal } satisfies Forwarded);
    else child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, forward);
  child.on('error', (e) => {
    process.stderr.write(`error: cannot start the server process: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    // A child ended by a signal (SIGKILL from the OOM killer, say) exits as a shell reports it: 128 + its number.
    process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
  });
}

/** How close together the same signal, received directly and from the parent, counts as one. */
const SAME_SIGNAL_MS = 300;

/**
 * Calls `stop` on SIGINT and SIGTERM, whether they come directly or from a supervising parent (once for a signal
 * that comes both ways), and once the parent has gone (its IPC channel closes).
 */
export function stopOnSignals(stop: (reason: string) => void): void {
  let last: { signal: string; direct: boolean; at: number } | undefined;
  const received = (signal: NodeJS.Signals, direct: boolean) => {
    const at = performance.now();
    const echo = last && last.signal === signal && last.direct !== direct && at - last.at < SAME_SIGNAL_MS;
    last = { signal, direct, at };
    if (!echo) stop(signal);
  };
  for (const s of FORWARDED) process.on(s, (signal: NodeJS.Signals) => received(signal, true));
  if (process.env[PARENT_ENV] === undefined || !process.channel) return;
  delete process.env[PARENT_ENV];
  process.on('message', (m: Forwarded) => received(m.signal, false));
  process.once('disconnect', () => stop('parent exited'));
  // The channel must not keep the server alive once it has closed everything else (after the listeners: adding
  // one refs it).
  process.channel.unref();
}
