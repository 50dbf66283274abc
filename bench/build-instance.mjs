// One build of the core (a .wasm file) instantiated on its own, single-threaded, with a bump allocator above its
// heap: for the benchmarks that time builds side by side in one process (compare-builds, relaxed).
import { readFileSync } from 'node:fs';

/** The instance's exports `e`, and `alloc(bytes)`: 128-byte aligned, growing memory as needed (views detach). */
export function instantiateBuild(file) {
  let e;
  // As the library's own instantiation: the core's explicit checks (its block slots) abort with a message.
  const abort = (message) => {
    const memory = e.memory.buffer;
    const units = new Uint16Array(memory, message, new DataView(memory).getUint32(message - 4, true) >>> 1);
    throw new Error(`abort: ${String.fromCharCode(...units)}`);
  };
  e = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), { env: { abort } }).exports;
  e.poolSetThreads(1, 0);
  let top = (e.heapBase() + 127) & ~127;
  const alloc = (bytes) => {
    const p = top;
    top += (bytes + 127) & ~127;
    if (top > e.memory.buffer.byteLength) e.memory.grow(Math.ceil((top - e.memory.buffer.byteLength) / 65536));
    return p;
  };
  return { e, alloc };
}
