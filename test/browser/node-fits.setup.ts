// globalSetup of the browser project, run in Node before the browser starts: fits the parity cases
// on Node's V8 and provides their bits to the Chromium tests (inject('nodeFits')).
import type { TestProject } from 'vitest/node';
import { type Fits, fitAll } from './parity-cases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    nodeFits: Fits;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('nodeFits', await fitAll());
}
