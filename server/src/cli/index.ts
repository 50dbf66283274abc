// The linwasm command line: train, predict, evaluate, export, serve. Exit status 0 on success, 1 when the
// command fails (bad data, a model that diverged, a file that cannot be read), 2 for a usage error.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { evaluateCommand } from './evaluate.js';
import { exportCommand } from './export.js';
import { predictCommand } from './predict.js';
import { serveCommand } from './serve.js';
import { trainCommand } from './train.js';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The program, with every command configured to throw instead of exiting (so main decides). */
export function program(): Command {
  const root = new Command('linwasm')
    .description('Linear regression on a WebAssembly SIMD core: train, predict, evaluate and serve models')
    .version(packageVersion(), '-v, --version')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  linwasm train data/diabetes.csv --target target --out model.json\n' +
        '  linwasm predict model.json data/diabetes.csv --out predictions.csv\n' +
        '  linwasm evaluate model.json data/diabetes.csv --target target\n' +
        '  linwasm export model.json --format onnx --out model.onnx\n' +
        '  linwasm serve --models ./models --port 8080',
    );
  for (const command of [trainCommand(), predictCommand(), evaluateCommand(), exportCommand(), serveCommand()]) {
    root.addCommand(configure(command));
  }
  return configure(root);
}

function configure(command: Command): Command {
  return command.exitOverride().showHelpAfterError('(run with --help for usage)');
}

/**
 * Runs the command line.
 * @returns the exit status (the server keeps the process alive after `serve` returns 0).
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has printed the message (or the help, or the version) already.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      return e.code === 'commander.help' ? e.exitCode : EXIT_USAGE;
    }
    process.stderr.write(`error: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.LINWASM_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return EXIT_FAILURE;
  }
}

function packageVersion(): string {
  try {
    return String(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}
