// How the tests start Chromium: the vitest browser project (vitest.config.ts) and the end-to-end
// tests (test/browser-e2e) share these.

/** Debian's chromium (`apt-get install -y chromium`) unless CHROME_PATH names another Chrome/Chromium. */
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * --no-sandbox: CI runs as root. The rest keep headless Chromium from dialling Google services,
 * whose connections a closed network refuses, stalling its start-up.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
