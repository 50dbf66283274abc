// The self-contained browser build (`npm run build:browser`): dist/browser/linwasm.js and
// dist/browser/worker.js with @assemblyscript/loader and the WASM inlined, for a plain
// <script type="module"> without a bundler or an import map. Both entries share one chunk, so the
// classes (LinearRegression, DivergenceError, …) are the same objects whichever entry is imported.
// Bundlers don't need this build: they use dist/index.js through the package's exports map.
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
      entry: { linwasm: 'src/index.ts', worker: 'src/worker/index.ts' },
      formats: ['es'],
    },
    // Stable names without hashes: the folder is versioned with the package, and users may copy it.
    rolldownOptions: { output: { chunkFileNames: 'linwasm-core.js' } },
  },
  worker: { format: 'es', rolldownOptions: { output: { entryFileNames: 'linwasm-worker.js' } } },
});
