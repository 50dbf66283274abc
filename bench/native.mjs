// The native C reference (bench/native/*.c): the kernels linwasm's core computes, compiled by gcc in four
// variants — 128-bit SSE and AVX2+FMA, each single-threaded and with OpenMP — so that linwasm is timed against
// native code in the same run. The runner builds them once (buildNative, in the parent process) into
// build/bench-native/ (never committed); each group process writes its workload to a temporary file that the
// C driver reads, runs the driver's agreement check before its timing (as every case does), and deletes the
// file at the end. Without gcc (or without OpenMP, or on a CPU without AVX2) the variants that cannot run are
// skipped with a line saying why, and the rest of the benchmark runs as before.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECK_EPOCHS } from './settings.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const UNIT = 'linwasm-native.c';
const OPTIMIZE = ['-O3', '-std=c11', '-D_POSIX_C_SOURCE=200809L'];

/** The variants, in table order: name, SIMD flags, OpenMP. */
export const NATIVE_VARIANTS = [
  { name: 'c-sse', simdFlags: ['-msse4.2'], openmp: false },
  { name: 'c-avx2', simdFlags: ['-mavx2', '-mfma'], openmp: false },
  { name: 'c-sse-omp', simdFlags: ['-msse4.2'], openmp: true },
  { name: 'c-avx2-omp', simdFlags: ['-mavx2', '-mfma'], openmp: true },
];

/** The names of the native implementations, in table order. */
export const NATIVE_IMPLS = NATIVE_VARIANTS.map((v) => v.name);

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 2 ** 20, ...options });
}

function firstLine(text) {
  return (text ?? '').trim().split('\n')[0] ?? '';
}

/** Runs a command without blocking; resolves with { status, stderr, error }. */
function runAsync(command, args) {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) => resolve({ status: null, stderr, error }));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** A digest of the compiler, the flags and every source: a binary built from the same digest is reused. */
function digest(compiler, flags) {
  const hash = createHash('sha256').update(`${compiler}\n${flags.join(' ')}\n`);
  const dir = path.join(here, 'native');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(path.join(dir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Compiles one variant (or reuses the binary of the same digest); resolves with null or the failure. */
async function compile(cc, compiler, flags, bin) {
  const stamp = `${bin}.digest`;
  const want = digest(compiler, flags);
  if (existsSync(bin) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return null;
  const built = await runAsync(cc, [...flags, '-o', bin, path.join(here, 'native', UNIT), '-lm']);
  if (built.error || built.status !== 0) return firstLine(built.stderr) || String(built.error);
  writeFileSync(stamp, want);
  return null;
}

/**
 * Builds every variant with gcc ($CC when set), all at once. Returns { available, reason?, compiler, variants:
 * [{ name, bin, flags, simd, openmp, maxThreads } or { name, flags, unavailable: reason }] }; prints one line per
 * variant that cannot run.
 */
export async function buildNative({ log = console.log } = {}) {
  const cc = process.env.CC || 'gcc';
  const version = run(cc, ['--version']);
  if (version.error || version.status !== 0) {
    const reason = `${cc} not found; install gcc to time linwasm against native code`;
    log(`native C reference: skipped (${reason})`);
    return { available: false, reason, compiler: null, variants: [] };
  }
  const compiler = firstLine(version.stdout);
  const dir = path.join(here, '..', 'build', 'bench-native');
  mkdirSync(dir, { recursive: true });
  const plans = NATIVE_VARIANTS.map((v) => ({
    ...v,
    flags: [...OPTIMIZE, ...v.simdFlags, ...(v.openmp ? ['-fopenmp'] : ['-Wno-unknown-pragmas'])],
    bin: path.join(dir, `linwasm-native-${v.name}`),
  }));
  const failures = await Promise.all(plans.map((v) => compile(cc, compiler, v.flags, v.bin)));
  const variants = plans.map((v, i) => {
    const { flags, bin } = v;
    if (failures[i]) {
      const why = failures[i];
      const unavailable = v.openmp ? `${cc} -fopenmp failed (${why})` : `${cc} failed (${why})`;
      log(`native ${v.name}: skipped, ${unavailable}`);
      return { name: v.name, flags: flags.join(' '), unavailable };
    }
    const info = run(bin, ['info']);
    if (info.status !== 0) {
      const unavailable = `does not run on this CPU (${info.signal ?? firstLine(info.stderr)})`;
      log(`native ${v.name}: skipped, ${unavailable}`);
      return { name: v.name, flags: flags.join(' '), unavailable };
    }
    const facts = JSON.parse(info.stdout);
    if (!facts.cpuSupported) {
      const unavailable = `this CPU lacks ${facts.simd}`;
      log(`native ${v.name}: skipped, ${unavailable}`);
      return { name: v.name, flags: flags.join(' '), unavailable };
    }
    return {
      name: v.name,
      bin,
      flags: flags.join(' '),
      simd: facts.simd,
      openmp: facts.openmp,
      maxThreads: facts.maxThreads,
    };
  });
  const ready = variants.filter((v) => v.bin).map((v) => v.name);
  log(`native C reference: ${compiler}; ${ready.length ? ready.join(', ') : 'no variant runs here'}`);
  return { available: ready.length > 0, compiler, variants };
}

/** Threads an OpenMP variant uses in the cases: every core. */
export function allCores() {
  return os.cpus().length;
}

/**
 * One workload in one dtype, as the C driver reads it: X then y in a temporary file (written on first use),
 * and the predict model's weights (setWeights). dispose() deletes the files.
 */
export class NativeRunner {
  constructor(build, workload, dtype) {
    this.build = build;
    this.workload = workload;
    this.dtype = dtype;
    this.dir = null;
    this.dataFile = null;
    this.weightsFile = null;
  }

  /** The built variant of that name, or null. */
  variant(name) {
    return this.build?.variants.find((v) => v.name === name) ?? null;
  }

  files() {
    if (this.dataFile) return;
    const { workload: wl, dtype } = this;
    this.dir = path.join(os.tmpdir(), `linwasm-bench-${process.pid}`);
    mkdirSync(this.dir, { recursive: true });
    this.dataFile = path.join(this.dir, `${wl.name}-${dtype}.bin`);
    const X = dtype === 'float32' ? wl.X32 : wl.X64;
    const bytes = Buffer.alloc(X.byteLength + wl.y.byteLength);
    Buffer.from(X.buffer, X.byteOffset, X.byteLength).copy(bytes, 0);
    Buffer.from(wl.y.buffer, wl.y.byteOffset, wl.y.byteLength).copy(bytes, X.byteLength);
    writeFileSync(this.dataFile, bytes);
  }

  /** The predict model: coef (cols) and intercept, for the matvec kernel. */
  setWeights(coef, intercept) {
    this.files();
    const wb = new Float64Array(coef.length + 1);
    wb.set(coef);
    wb[coef.length] = intercept;
    this.weightsFile = path.join(this.dir, `${this.workload.name}-${this.dtype}.weights.bin`);
    writeFileSync(this.weightsFile, Buffer.from(wb.buffer));
  }

  /** The driver's arguments; options: threads, learningRate, epochsPerCall (the small-epoch profile's). */
  args(mode, kernel, { threads = 1, learningRate = 0.1, epochsPerCall = 1 } = {}) {
    this.files();
    const { workload: wl, dtype } = this;
    const out = [mode, kernel, dtype, String(wl.rows), String(wl.cols), this.dataFile, '--threads', String(threads)];
    if (kernel === 'epoch' || kernel === 'gradient') {
      out.push('--epochs', String(CHECK_EPOCHS), '--learning-rate', String(learningRate));
      out.push('--epochs-per-call', String(epochsPerCall));
    }
    if (kernel === 'matvec') {
      if (!this.weightsFile) throw new Error('native matvec: setWeights first');
      out.push('--weights', this.weightsFile);
    }
    return out;
  }

  call(name, args) {
    const v = this.variant(name);
    // No timed call of the benchmark's sizes takes a minute; a driver still running after ten has hung.
    const result = run(v.bin, args, { timeout: 10 * 60 * 1000 });
    if (result.error || result.status !== 0) {
      const why = result.signal ?? (firstLine(result.stderr) || String(result.error));
      throw new Error(`native ${name} ${args.slice(0, 3).join(' ')} failed: ${why}`);
    }
    const out = JSON.parse(result.stdout);
    if (out.status !== 0) throw new Error(`native ${name} ${args.slice(0, 3).join(' ')} returned status ${out.status}`);
    return out;
  }

  /** { value, checkMs }: the check run (epoch: the MSE of epoch 10 from θ = 0; else the output vector). */
  check(name, kernel, options) {
    const out = this.call(name, this.args('check', kernel, options));
    const value = Array.isArray(out.value)
      ? Float64Array.from(out.value, (v) => v ?? Number.NaN)
      : (out.value ?? Number.NaN);
    return { value, checkMs: out.checkMs };
  }

  /** Timing statistics as bench/timing.mjs reports them, measured by the C driver with the same budget. */
  time(name, kernel, budget, estimateMs, options) {
    const args = this.args('time', kernel, options);
    args.push('--time-ms', String(budget.time), '--min-samples', String(budget.minSamples));
    args.push('--warmup-ms', String(budget.warmupTime), '--warmup-iterations', String(budget.warmupIterations));
    args.push('--estimate-ms', String(estimateMs));
    const { status: _status, ...stats } = this.call(name, args);
    return stats;
  }

  dispose() {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = this.dataFile = this.weightsFile = null;
  }
}

/**
 * The native implementations of a case, in measureCase's form: `kernel` is the driver's (epoch, matvec,
 * exact); `runsPerCheck` as the linwasm implementation of the case. OpenMP variants use every core.
 */
export function nativeImpls(ctx, kernel, { runsPerCheck = 1, learningRate } = {}) {
  const runner = ctx.native;
  return NATIVE_IMPLS.map((name) => {
    const v = runner?.variant(name);
    if (!runner?.build?.available) return { name, skip: runner?.build?.reason ?? 'no native build' };
    if (!v?.bin) return { name, skip: v?.unavailable ?? 'not built' };
    const options = { threads: v.openmp ? allCores() : 1, learningRate };
    let checkMs = 0;
    return {
      name,
      native: true,
      runsPerCheck,
      check() {
        const out = runner.check(name, kernel, options);
        checkMs = out.checkMs;
        return out.value;
      },
      checkMs: () => checkMs,
      measure: (budget, estimateMs) => runner.time(name, kernel, budget, estimateMs, options),
    };
  });
}
