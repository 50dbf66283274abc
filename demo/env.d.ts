// Types of what Vite adds to modules: `?raw` imports, CSS imports, import.meta.env.
/// <reference types="vite/client" />
