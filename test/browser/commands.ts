// Browser commands: functions the Chromium tests call that run in Node (vitest's process).
import { fileURLToPath } from 'node:url';
import type { BrowserCommand } from 'vitest/node';
import type * as Parity from './parity-cases.js';

/**
 * Fits the parity cases in Node and compares Chromium's fits with them there. The module is loaded
 * through the project's module runner (TypeScript, as in the node project), not by the config.
 */
export const compareWithNode: BrowserCommand<[fits: Parity.Fits]> = async ({ project }, fits) => {
  const parity = await project.import<typeof Parity>(fileURLToPath(new URL('./parity-cases.ts', import.meta.url)));
  return parity.compareFits(await parity.fitAll(), fits);
};
