// linwasm: linear regression trained and served from a WebAssembly SIMD core. This entry embeds the
// core, so `await init()` needs no path; linwasm/slim (src/slim.ts) is the same without it.
export { init } from './engine/wasm/embedded.js';
export * from './library.js';
