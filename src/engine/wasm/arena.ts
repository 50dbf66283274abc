// TypeScript owns every byte of the WASM linear memory: a stack (bump) allocator above the
// module's static data. A call marks the top, allocates, copies in, runs, copies out and releases
// to its mark in `finally`, so an error leaks nothing and repeated calls of the same sizes reuse
// the same bytes (memory stops growing after the first call). Calls nest (a fit's onEpoch may
// predict with another model) because releases happen in reverse order.
//
// Views are never kept: `memory.grow` detaches every view of `memory.buffer`, so each accessor
// makes a fresh view of the current buffer.
//
// Below the stack lies the resident region: blocks that outlive a call (residentMatrix's X, kept for
// repeated predictions until dispose()). It grows only while no call holds stack memory, so the stack
// never has to move; freed blocks are reused first-fit, and free blocks at its end go back to the stack.
import type { CoreExports } from './exports.js';
import { core } from './module.js';

const ALIGN = 16; // v128 loads are fastest on 16-byte boundaries
const PAGE = 65536;

/** A block of the resident region. */
interface ResidentBlock {
  ptr: number;
  bytes: number;
  free: boolean;
}

export class Arena {
  private readonly base: number;
  /** Where the stack starts: the end of the resident region. */
  private stackBase: number;
  private top: number;
  /** The resident region's blocks, in address order, from base to stackBase. */
  private readonly blocks: ResidentBlock[] = [];

  constructor(private readonly core: CoreExports) {
    this.base = alignUp(core.heapBase());
    this.stackBase = this.base;
    this.top = this.base;
  }

  /** Bytes of the stack currently allocated (by running calls). */
  get inUse(): number {
    return this.top - this.stackBase;
  }

  /** Bytes held by resident blocks not yet freed. */
  get residentBytes(): number {
    let bytes = 0;
    for (const b of this.blocks) if (!b.free) bytes += b.bytes;
    return bytes;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark < this.base || mark > this.top) throw new Error(`linwasm arena: bad release to ${mark}`);
    // A mark below stackBase was taken before the resident region grew over an empty stack: the stack
    // held nothing above it, and the resident blocks are not the stack's to give back.
    this.top = Math.max(mark, this.stackBase);
    if (this.top === this.stackBase) this.trim();
  }

  /** Allocates `bytes` (16-byte aligned), growing the memory when needed; returns the pointer. */
  alloc(bytes: number): number {
    const ptr = this.top;
    this.top = this.reserve(ptr, bytes);
    return ptr;
  }

  /**
   * Allocates `bytes` in the resident region (16-byte aligned): a free block that fits, else at the end
   * of the region, which needs an empty stack. Give it back with freeResident.
   * @throws Error while a call holds stack memory and no freed block fits; RangeError when memory cannot grow.
   */
  allocResident(bytes: number): number {
    const size = alignUp(Math.max(bytes, 1));
    for (let i = 0; i < this.blocks.length; i++) {
      const b = this.blocks[i];
      if (!b.free || b.bytes < size) continue;
      if (b.bytes > size) this.blocks.splice(i + 1, 0, { ptr: b.ptr + size, bytes: b.bytes - size, free: true });
      b.bytes = size;
      b.free = false;
      return b.ptr;
    }
    if (this.top !== this.stackBase) {
      throw new Error(
        'linwasm cannot keep data in WASM memory while a fit or predict is using it (from an onEpoch or onChunk ' +
          'callback): create the resident matrix before the fit',
      );
    }
    const ptr = this.stackBase;
    this.stackBase = this.reserve(ptr, size);
    this.top = this.stackBase;
    this.blocks.push({ ptr, bytes: size, free: false });
    return ptr;
  }

  /** Gives back a block of allocResident (once). */
  freeResident(ptr: number): void {
    const i = this.blocks.findIndex((b) => b.ptr === ptr && !b.free);
    if (i < 0) throw new Error(`linwasm arena: no resident block at ${ptr}`);
    this.blocks[i].free = true;
    // Merge with free neighbours, so that a larger block can reuse the space.
    const next = this.blocks[i + 1];
    if (next?.free) {
      this.blocks[i].bytes += next.bytes;
      this.blocks.splice(i + 1, 1);
    }
    const prev = this.blocks[i - 1];
    if (prev?.free) {
      prev.bytes += this.blocks[i].bytes;
      this.blocks.splice(i, 1);
    }
    if (this.top === this.stackBase) this.trim();
  }

  /** Free blocks at the end of the resident region go back to the (empty) stack. */
  private trim(): void {
    const last = this.blocks[this.blocks.length - 1];
    if (!last?.free) return;
    this.blocks.pop();
    this.stackBase = last.ptr;
    this.top = last.ptr;
  }

  /** Makes sure bytes from ptr exist (growing the memory); returns the aligned end. */
  private reserve(ptr: number, bytes: number): number {
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
    return end;
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
