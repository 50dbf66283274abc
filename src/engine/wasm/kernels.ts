// The core's kernels for one dtype, bound once: every export that comes in an F64 and an F32 form
// (matvecF64 and matvecF32, …) under its plain name (matvec). The float32/float64 choice is made here,
// once for a stored problem, not at every call. The table is derived from the exports themselves, so
// a kernel added to assembly/index.ts in both forms appears here without a line of code.
import type { DType } from '../engine.js';
import type { CoreExports } from './exports.js';

/** The names of the kernels exported in both dtypes. */
export type KernelName = {
  [K in keyof CoreExports]: K extends `${infer Base}F64`
    ? `${Base}F32` extends keyof CoreExports
      ? Base
      : never
    : never;
}[keyof CoreExports];

/** The kernels of one dtype: `matvec` is matvecF64 for float64 data, matvecF32 for float32 data. */
export type Kernels = { readonly [K in KernelName]: CoreExports[`${K}F64`] };

// Both forms of a kernel take the same arguments: a difference in assembly/index.ts fails to compile here.
type SameForms = { [K in KernelName]: CoreExports[`${K}F32`] extends CoreExports[`${K}F64`] ? true : K };
const sameForms: Record<KernelName, true> = {} as SameForms;
void sameForms;

const tables = new WeakMap<CoreExports, Record<DType, Kernels>>();

/** The kernels of `dtype` in the instance `core` (a table made once per instance). */
export function kernelsOf(core: CoreExports, dtype: DType): Kernels {
  let t = tables.get(core);
  if (!t) {
    t = { float64: bind(core, 'F64'), float32: bind(core, 'F32') };
    tables.set(core, t);
  }
  return t[dtype];
}

function bind(core: CoreExports, suffix: 'F64' | 'F32'): Kernels {
  const exports = core as unknown as Record<string, unknown>;
  const table: Record<string, unknown> = {};
  for (const name of Object.keys(exports)) {
    const base = name.slice(0, -3);
    if (name.endsWith('F64') && `${base}F32` in exports) table[base] = exports[`${base}${suffix}`];
  }
  return table as Kernels;
}
