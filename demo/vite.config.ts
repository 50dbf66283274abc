// The demo page: `npm run demo` builds it into demo/dist and serves it on 127.0.0.1 (vite preview).
// It imports linwasm by its package name, so the build goes through the package's exports map
// (dist/, `npm run build`) exactly as in an application that installed linwasm.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Cross-origin isolation (COOP/COEP): the page may then share WebAssembly memory with workers, and
// linwasm's init() starts its thread pool (without them it runs on one thread, with the same results).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: demo/dist works from any folder or subpath of a static server.
  base: './',
  publicDir: false,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', headers: isolation },
  preview: { host: '127.0.0.1', port: 4173, headers: isolation },
});
