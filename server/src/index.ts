// linwasm-server: the model server (Open Inference Protocol over HTTP, training jobs, registry).
export type { JobState, JobView } from './jobs.js';
export type { ServerOptions } from './options.js';
export type { IndexEntry } from './registry.js';
export { createServer, type LinwasmServer } from './server.js';
