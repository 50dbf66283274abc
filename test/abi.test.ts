// The ABI's one source: assembly/layout.ts and the exports of assembly/index.ts are what the TypeScript
// side uses, through files generated at build time. Any drift — a generated file edited by hand, or
// left stale after a change to assembly/ — fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as source from '../assembly/layout.js';
import { exportsModule, layoutModule, readLayout } from '../scripts/generate-abi.mjs';
import * as generated from '../src/engine/layout.js';
import { init } from '../src/engine/wasm/embedded.js';
import { kernelsOf } from '../src/engine/wasm/kernels.js';
import { core } from '../src/engine/wasm/module.js';

const text = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('the layout', () => {
  it('src/engine/layout.ts is what the generator makes of assembly/layout.ts', () => {
    expect(text('src/engine/layout.ts')).toBe(layoutModule(text('assembly/layout.ts')));
  });

  it('has every constant of assembly/layout.ts with the same value, and nothing else but the name tables', () => {
    const { LOSS_NAMES, SCHEDULE_NAMES, OPTIMIZER_NAMES, ...numbers } = generated;
    expect(numbers).toEqual({ ...source });
    expect(Object.keys(source).length).toBeGreaterThan(50);
    // The name tables: index = code, the option's value spelled as the constant's name.
    expect(LOSS_NAMES[source.LOSS_EPSILON_INSENSITIVE]).toBe('epsilonInsensitive');
    expect(SCHEDULE_NAMES[source.SCHEDULE_INVSCALING]).toBe('invscaling');
    expect(OPTIMIZER_NAMES.length).toBe(4);
  });

  it('refuses what would not mean the same in AssemblyScript and TypeScript', () => {
    expect(() => readLayout('export const A: i32 = 1;')).toThrow(/without a type annotation/);
    expect(() => readLayout('export const A = 2 * 3;')).toThrow(/number literal/);
    expect(() => readLayout('export function f(): void {}')).toThrow(/only `export const/);
    expect(() => layoutModule('export const LOSS_A = 0;\nexport const LOSS_B = 0;')).toThrow(/next free code/);
    expect(() => layoutModule('export const LOSS_A = 1;')).toThrow(/0 … n−1/);
  });

  it('blocks and workspace vectors fit their slot counts', () => {
    const slots = (prefix: string) =>
      Object.entries(source).filter(([k]) => k.startsWith(prefix) && !k.endsWith('_SLOTS') && k !== 'WORK_VECTORS');
    for (const [prefix, count] of [
      ['CONFIG_', source.CONFIG_SLOTS],
      ['SLOT_', source.STATE_SLOTS],
      ['WORK_', source.WORK_VECTORS],
    ] as const) {
      const values = slots(prefix).map(([, v]) => v);
      expect(new Set(values).size, `${prefix}* are distinct`).toBe(values.length);
      expect(
        [...values].sort((a, b) => a - b),
        `${prefix}* are 0 … ${count - 1}`,
      ).toEqual(Array.from({ length: count }, (_, i) => i));
    }
  });
});

describe('the exports', () => {
  it('src/engine/wasm/exports.ts is what the generator makes of the bindings asc wrote', () => {
    expect(text('src/engine/wasm/exports.ts')).toBe(exportsModule(text('build/linwasm.d.ts')));
  });

  it('declares exactly the exports of the built module, and the kernel table binds each dtype', async () => {
    const module = new WebAssembly.Module(readFileSync(new URL('../build/linwasm.wasm', import.meta.url)));
    const declared = [...text('src/engine/wasm/exports.ts').matchAll(/^ {2}(?:readonly )?(\w+)[(:]/gm)].map(
      (m) => m[1],
    );
    expect(declared.sort()).toEqual(
      WebAssembly.Module.exports(module)
        .map((e) => e.name)
        .sort(),
    );
    await init();
    const f64 = kernelsOf(core(), 'float64');
    const f32 = kernelsOf(core(), 'float32');
    expect(f64.matvec).toBe(core().matvecF64);
    expect(f32.trainGeneral).toBe(core().trainGeneralF32);
    expect(Object.keys(f64).length).toBe(declared.filter((n) => n.endsWith('F64')).length);
  });
});
