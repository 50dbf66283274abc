// linwasm as installed from its tarball, in Node: what the install brings, ESM imports of every entry, a
// CommonJS require, and TypeScript strict with node16, bundler and node (node10) module resolution.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const consumers = inject('consumers');
const root = fileURLToPath(new URL('../../', import.meta.url));
const DIABETES = join(root, 'data/diabetes.csv');

/** Runs a module in the library project with node; returns its JSON output. */
function run(file: string, source: string): unknown {
  writeFileSync(join(consumers.library, file), source);
  const out = execFileSync(process.execPath, [file], { cwd: consumers.library, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').at(-1) as string);
}

/** Installed packages (node_modules entries, scoped ones expanded). */
function installed(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, 'node_modules'))) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@'))
      for (const sub of readdirSync(join(dir, 'node_modules', name))) out.push(`${name}/${sub}`);
    else out.push(name);
  }
  return out.sort();
}

describe('the linwasm tarball', () => {
  it('installs no package beside itself', () => {
    expect(installed(consumers.library)).toEqual(['linwasm']);
    expect(consumers.libraryInstallLog).toMatch(/added 1 package/);
  });

  it('works from Node ESM: fit, predict, JSON, the CSV reader of the Node entry, every subpath', () => {
    const out = run(
      'esm.mjs',
      `import { init, LinearRegression, readCsv, csvChunks, trainTestSplit } from 'linwasm';
       import { fitInWorker } from 'linwasm/worker';
       import { LinearRegression as Baseline } from 'linwasm/baseline';
       import * as slim from 'linwasm/slim';
       import { readFileSync } from 'node:fs';
       import { createRequire } from 'node:module';
       const slimError = await slim.init().then(() => 'none', (e) => e.constructor.name);
       await slim.init(readFileSync(createRequire(import.meta.url).resolve('linwasm/wasm')));
       const sameInstance = slim.LinearRegression === LinearRegression;
       await init();
       const data = await readCsv(${JSON.stringify(DIABETES)}, { target: 'target' });
       const model = new LinearRegression({ solver: 'exact' }).fit(data.X, data.y);
       let chunks = 0;
       for await (const chunk of csvChunks(${JSON.stringify(DIABETES)}, { target: 'target', chunkRows: 100 })) chunks++;
       const again = LinearRegression.fromJSON(JSON.parse(JSON.stringify(model)));
       const baseline = new Baseline({ solver: 'exact' }).fit(data.X, data.y);
       const split = trainTestSplit(data.X, data.y, { seed: 1 });
       console.log(JSON.stringify({ r2: model.score(data.X, data.y), chunks, same: again.predict(data.X).every((v, i) => v === model.predict(data.X)[i]),
         baselineR2: baseline.score(data.X, data.y), fitInWorker: typeof fitInWorker, test: split.XTest.rows ?? split.XTest.length,
         slimError, sameInstance }));`,
    ) as Record<string, unknown>;
    expect(out.r2).toBeCloseTo(0.517748, 6);
    expect(out.baselineR2).toBeCloseTo(0.517748, 6);
    expect(out).toMatchObject({ chunks: 5, same: true, fitInWorker: 'function', test: 111 });
    // linwasm/slim needs the .wasm (the package's 'linwasm/wasm'), and shares the main entry's classes.
    expect(out).toMatchObject({ slimError: 'TypeError', sameInstance: true });
  });

  it("CommonJS require('linwasm') fails with a message that says to use import", () => {
    writeFileSync(join(consumers.library, 'cjs.cjs'), "require('linwasm');\n");
    const r = spawnSync(process.execPath, ['cjs.cjs'], { cwd: consumers.library, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("linwasm is an ES module: use `import` (or `await import('linwasm')` from CommonJS)");
  });
});

describe('TypeScript strict, against the installed types', () => {
  const source = `import { init, LinearRegression, type LinearRegressionOptions, type ModelJSON, crossValidate } from 'linwasm';
import { fitInWorker } from 'linwasm/worker';
import { LinearRegression as Baseline } from 'linwasm/baseline';
import { init as initSlim, type WasmSource } from 'linwasm/slim';
export async function main(source: WasmSource): Promise<number> {
  await initSlim(source);
  await init();
  const options: LinearRegressionOptions = { solver: 'sgd', learningRate: 'auto' };
  const model = new LinearRegression(options).fit([[1], [2], [3]], [2, 4, 6]);
  const json: ModelJSON = model.toJSON();
  const cv = crossValidate({ solver: 'exact' }, [[1], [2], [3], [4]], [2, 4, 6, 8], { folds: 2 });
  const base: number = new Baseline().fit([[1], [2]], [1, 2]).intercept;
  void fitInWorker;
  return json.nFeatures + cv.mean + base + model.predict([[4]])[0];
}
`;
  it.each([
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
    ['node (node10)', { module: 'commonjs', moduleResolution: 'node' }],
  ])('compiles with %s resolution', (name, settings) => {
    const dir = consumers.library;
    const file = `types-${name.split(' ')[0]}`;
    writeFileSync(join(dir, `${file}.ts`), source);
    writeFileSync(
      join(dir, `${file}.tsconfig.json`),
      JSON.stringify({
        compilerOptions: {
          ...settings,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
          ignoreDeprecations: '5.0',
        },
        files: [`${file}.ts`],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', `${file}.tsconfig.json`],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
