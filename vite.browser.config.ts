// The self-contained browser build (`npm run build:browser`): dist/browser/linwasm.js (the WASM
// inlined), slim.js (without it: init(fetch(url))) and worker.js (fitInWorker), for a plain
// <script type="module"> without a bundler or an import map. The entries share one chunk of library
// code, so the classes (LinearRegression, DivergenceError, …) are the same objects whichever entry is
// imported; the inlined WASM is a chunk of its own (linwasm-wasm.js), loaded by linwasm.js — and by
// worker.js only when the page has not compiled the core — and the worker script (linwasm-worker.js)
// carries none: it instantiates the module its page posts. Bundlers don't need this build: they use
// dist/ through the package's exports map.
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative URLs, so the folder works wherever it is served from (a CDN, a subpath, file copies).
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist/browser',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: { linwasm: 'src/index.ts', slim: 'src/slim.ts', worker: 'src/worker/index.ts' },
      formats: ['es'],
    },
    // Stable names without hashes: the folder is versioned with the package, and users may copy it.
    rolldownOptions: {
      // Needed by includeDependenciesRecursively: false (entries may export what their chunk exports).
      preserveEntrySignatures: 'allow-extension',
      output: {
        chunkFileNames: '[name].js',
        // Two shared chunks: the library, and the embedded core (loaded by linwasm.js, and by worker.js
        // only when the page has not compiled the core itself).
        codeSplitting: {
          // Only the matched modules: the core's loader (module.ts) belongs to the library, not to the binary.
          includeDependenciesRecursively: false,
          groups: [
            // The threaded build's binary: loaded only when a pool starts (cross-origin isolated pages).
            { name: 'linwasm-wasm-threads', test: /src[\\/]engine[\\/]wasm[\\/]binary-threads\.ts$/ },
            // The relaxed-SIMD builds: loaded only by init({ relaxedSimd: true }) where the browser runs them.
            { name: 'linwasm-wasm-relaxed', test: /src[\\/]engine[\\/]wasm[\\/]binary-relaxed\.ts$/ },
            { name: 'linwasm-wasm-threads-relaxed', test: /src[\\/]engine[\\/]wasm[\\/]binary-threads-relaxed\.ts$/ },
            { name: 'linwasm-wasm', test: /src[\\/]engine[\\/]wasm[\\/](embedded|binary)\.ts$/ },
            { name: 'linwasm-core', test: /src[\\/]/ },
          ],
        },
      },
    },
  },
  worker: { format: 'es', rolldownOptions: { output: { entryFileNames: 'linwasm-worker.js' } } },
});
