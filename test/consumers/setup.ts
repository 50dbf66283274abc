// The packages as users get them: `npm pack` of linwasm and linwasm-server (after the build that npm test
// runs first), installed from their tarballs into fresh projects in a temporary folder — one with linwasm
// alone, one with the server too. The consumer tests then use only what those installs hold.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    consumers: Consumers;
  }
}

export interface Consumers {
  /** The folder that holds the tarballs and the projects. */
  work: string;
  /** The tarballs. */
  libraryTarball: string;
  serverTarball: string;
  /** A project with only linwasm installed. */
  library: string;
  /** A project with linwasm-server (and linwasm, its peer) installed. */
  server: string;
  /** What `npm install` of the linwasm tarball alone printed (its "added N packages" line). */
  libraryInstallLog: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

function project(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
}

export default function setup(project_: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'linwasm-consumers-'));
  const packed = join(work, 'packed');
  mkdirSync(packed);
  // --ignore-scripts: npm test has built everything; prepack would build it again.
  npm(['pack', '--ignore-scripts', '--pack-destination', packed], root);
  npm(['pack', '--ignore-scripts', '--workspace', 'linwasm-server', '--pack-destination', packed], root);
  const tarballs = readdirSync(packed);
  const libraryTarball = join(packed, tarballs.find((f) => /^linwasm-\d/.test(f)) as string);
  const serverTarball = join(packed, tarballs.find((f) => /^linwasm-server-\d/.test(f)) as string);

  const options = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'];
  const library = join(work, 'library');
  project(library);
  const libraryInstallLog = npm([...options, libraryTarball], library);
  const server = join(work, 'server');
  project(server);
  npm([...options, libraryTarball, serverTarball], server);

  const consumers: Consumers = { work, libraryTarball, serverTarball, library, server, libraryInstallLog };
  project_.provide('consumers', consumers);
  return () => rmSync(work, { recursive: true, force: true });
}
