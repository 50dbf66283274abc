// TypeScript owns every byte of the WASM linear memory: a stack (bump) allocator above the
// module's static data. A call marks the top, allocates, copies in, runs, copies out and releases
// to its mark in `finally`, so an error leaks nothing and repeated calls of the same sizes reuse
// the same bytes (memory stops growing after the first call). Calls nest (a fit's onEpoch may
// predict with another model) because releases happen in reverse order.
//
// Views are never kept: `memory.grow` detaches every view of `memory.buffer`, so each accessor
// makes a fresh view of the current buffer.
import type { CoreExports } from './exports.js';
import { core } from './module.js';

const ALIGN = 16; // v128 loads are fastest on 16-byte boundaries
const PAGE = 65536;

export class Arena {
  private readonly base: number;
  private top: number;

  constructor(private readonly core: CoreExports) {
    this.base = alignUp(core.heapBase());
    this.top = this.base;
  }

  /** Bytes currently allocated. */
  get inUse(): number {
    return this.top - this.base;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark < this.base || mark > this.top) throw new Error(`linwasm arena: bad release to ${mark}`);
    this.top = mark;
  }

  /** Allocates `bytes` (16-byte aligned), growing the memory when needed; returns the pointer. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = alignUp(ptr + bytes);
    const memory = this.core.memory;
    if (end > memory.buffer.byteLength) {
      const pages = Math.ceil((end - memory.buffer.byteLength) / PAGE);
      try {
        memory.grow(pages);
      } catch {
        throw new RangeError(
          `linwasm could not grow WebAssembly memory to ${formatBytes(end)} ` +
            '(a 32-bit WASM memory holds at most 4 GiB; a browser tab often less)',
        );
      }
    }
    this.top = end;
    return ptr;
  }

  zero(ptr: number, bytes: number): void {
    new Uint8Array(this.core.memory.buffer, ptr, bytes).fill(0);
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.core.memory.buffer, ptr, length);
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.core.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.core.memory.buffer, ptr, length);
  }

  u32(ptr: number, length: number): Uint32Array {
    return new Uint32Array(this.core.memory.buffer, ptr, length);
  }
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function formatBytes(n: number): string {
  return `${(n / 2 ** 20).toFixed(1)} MiB`;
}

const arenas = new WeakMap<CoreExports, Arena>();

/** The arena of the live instance (one per instance: a fresh instance starts with an empty memory). */
export function arena(): Arena {
  const c = core();
  let a = arenas.get(c);
  if (!a) {
    a = new Arena(c);
    arenas.set(c, a);
  }
  return a;
}
