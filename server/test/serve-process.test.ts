// `linwasm serve` serves from a child Node process started with --no-memory-reducer (src/cli/serve-process.ts
// says why); --memory-reducer, or a Node already started with --no-memory-reducer, serves in the process itself.
// V8's --trace-gc (kept for the child, as every Node flag is) shows the difference: every linwasm server has a
// full GC while it starts (its heap passes V8's first limit), which arms the reducer, and the reducer's own full
// GC, "Mark-Compact (reduce)", follows ~8 s later once the process is idle.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { init } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryReducerOff } from '../src/cli/serve-process.js';
import {
  exactModel,
  freePort,
  putModel,
  removeDir,
  request,
  type Serving,
  serve,
  tempDir,
  waitFor,
} from './helpers.js';

const bin = new URL('../bin/linwasm.mjs', import.meta.url).pathname;
const dirs: string[] = [];
const processes: ChildProcess[] = [];
beforeAll(async () => {
  await init();
});
afterAll(() => {
  for (const p of processes) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs) removeDir(d);
});

function registry(): string {
  const d = tempDir('linwasm-process-');
  dirs.push(d);
  putModel(d, 'm', '1', exactModel());
  return d;
}

async function started(args: string[], nodeArgs: string[] = []): Promise<Serving> {
  const s = await serve(args, nodeArgs);
  processes.push(s.proc);
  return s;
}

/** The pid in the server's log lines: the process that serves. */
const servingPid = (s: Serving) => Number(/"pid":(\d+)/.exec(s.output())?.[1]);
/** Lines of V8's --trace-gc written by process `pid`. */
const gcLines = (s: Serving, pid: number) =>
  s
    .output()
    .split('\n')
    .filter((l) => l.startsWith(`[${pid}:`));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const infer = (url: string) =>
  request(url, 'POST', '/v2/models/m/infer', {
    inputs: [{ name: 'input-0', datatype: 'FP64', shape: [1, 3], data: [1, 2, 3] }],
  });

describe('memoryReducerOff', () => {
  it("reads Node's command line, in either spelling of the flag", () => {
    expect(memoryReducerOff(['--no-memory-reducer'])).toBe(true);
    expect(memoryReducerOff(['--max-old-space-size=512', '--no_memory_reducer'])).toBe(true);
    expect(memoryReducerOff([])).toBe(false);
    expect(memoryReducerOff(['--memory-reducer', '--no-memory-reducer-for-small-heaps'])).toBe(false);
  });
});

describe('linwasm serve and V8 memory reducer', () => {
  it('serves from a child without the reducer by default, in its own process with --memory-reducer', async () => {
    const models = registry();
    const [child, own] = await Promise.all([
      started(['--models', models], ['--trace-gc']),
      started(['--models', models, '--memory-reducer'], ['--trace-gc']),
    ]);
    const childPid = servingPid(child);
    expect(childPid).not.toBe(child.proc.pid);
    expect(servingPid(own)).toBe(own.proc.pid);
    if (existsSync(`/proc/${childPid}/cmdline`)) {
      const argv = readFileSync(`/proc/${childPid}/cmdline`, 'utf8').split('\0');
      expect(argv).toContain('--no-memory-reducer');
      expect(argv).toContain('--trace-gc');
    }
    for (const s of [child, own]) {
      const r = await infer(s.url);
      expect(r.status).toBe(200);
      expect(r.body.outputs[0].data).toHaveLength(1);
    }
    // Idle now: the reducer's GC comes ~8 s after the start-up one, in the process that has the reducer.
    await waitFor(
      async () => (gcLines(own, own.proc.pid ?? 0).some((l) => l.includes('Mark-Compact (reduce)')) ? true : undefined),
      30_000,
    );
    // The child had its start-up full GC all the same, and no reducing one in as long.
    await new Promise((r) => setTimeout(r, 3000));
    expect(gcLines(child, childPid).some((l) => l.includes('Mark-Compact '))).toBe(true);
    expect(gcLines(child, childPid).some((l) => l.includes('(reduce)'))).toBe(false);
    for (const s of [child, own]) {
      expect((await infer(s.url)).status).toBe(200);
      s.proc.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(s.output().match(/"msg":"shutting down/g)).toHaveLength(1);
    }
    expect(alive(childPid)).toBe(false);
  }, 60_000);

  it('serves in its own process when Node already runs without the reducer', async () => {
    const s = await started(['--models', registry()], ['--no-memory-reducer']);
    expect(servingPid(s)).toBe(s.proc.pid);
    expect((await infer(s.url)).status).toBe(200);
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  it('stops once on a signal that reaches both processes (Ctrl-C in a terminal), exiting 0', async () => {
    // A process group of its own, as a terminal gives a command: the test signals the whole group.
    const proc = spawn(process.execPath, [bin, 'serve', '--models', registry(), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    processes.push(proc);
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const url = await waitFor(async () => /Server listening at (http:\/\/[^"]+)/.exec(out)?.[1], 15_000);
    expect((await infer(url)).status).toBe(200);
    process.kill(-(proc.pid ?? 0), 'SIGINT');
    expect(await exited).toBe(0);
    expect(out.match(/"signal":"SIGINT","msg":"shutting down/g)).toHaveLength(1);
    expect(out).not.toMatch(/second signal/);
  });

  it('drains and exits 0 when the serving child itself gets SIGTERM', async () => {
    const s = await started(['--models', registry()]);
    process.kill(servingPid(s), 'SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/"signal":"SIGTERM","msg":"shutting down/);
  });

  it('stops the serving child when the parent is killed', async () => {
    const s = await started(['--models', registry()]);
    const pid = servingPid(s);
    s.proc.kill('SIGKILL');
    await waitFor(async () => (alive(pid) ? undefined : true), 15_000);
    expect(s.output()).toMatch(/"signal":"parent exited","msg":"shutting down/);
  });

  it('hands the port of --inspect to the serving child', async () => {
    const port = await freePort();
    const s = await started(['--models', registry()], [`--inspect=127.0.0.1:${port}`]);
    // Both processes announce the debugger on that port in turn; neither fails to bind it.
    await waitFor(async () =>
      s.output().match(/Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)/g)?.length === 2 ? true : undefined,
    );
    expect(s.output()).not.toMatch(/Starting inspector on .* failed/);
    const list = await fetch(`http://127.0.0.1:${port}/json/list`).then((r) => r.json());
    expect(list[0].url).toMatch(/linwasm\.mjs$/);
    expect(servingPid(s)).not.toBe(s.proc.pid);
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  it('fails with the reason and status 1 when the port is taken, in either mode', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = String((taken.address() as { port: number }).port);
    try {
      for (const extra of [[], ['--memory-reducer']]) {
        const r = spawnSync(
          process.execPath,
          [bin, 'serve', '--models', registry(), '--port', port, '--host', '127.0.0.1', ...extra],
          { encoding: 'utf8', timeout: 20_000 },
        );
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/^error: listen EADDRINUSE.*127\.0\.0\.1/m);
      }
    } finally {
      taken.close();
    }
  }, 45_000);
});
