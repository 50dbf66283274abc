// Training progress on stderr (stdout carries the summary): a bar with the loss on a terminal,
// plain lines every N epochs otherwise (logs, CI), nothing with --quiet.
import type { Writable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import type { EpochInfo } from 'linwasm';

export interface Progress {
  /** Epochs between onEpoch calls (fit's `every`). */
  every: number;
  onEpoch(info: EpochInfo): void;
  /** Completes the bar after fit; `ok` is false after an error (the bar stays where it stopped). */
  finish(ok: boolean): void;
}

export interface ProgressOptions {
  maxEpochs: number;
  /** Epochs between lines when the stream is not a terminal. */
  logEvery: number;
  quiet: boolean;
  stream?: Writable & { isTTY?: boolean };
}

export function createProgress({ maxEpochs, logEvery, quiet, stream = process.stderr }: ProgressOptions): Progress {
  if (quiet) return { every: maxEpochs, onEpoch() {}, finish() {} };
  if (!stream.isTTY) return lines(maxEpochs, logEvery, stream);
  return bar(maxEpochs, stream);
}

function lines(maxEpochs: number, every: number, stream: Writable): Progress {
  const width = String(maxEpochs).length;
  return {
    every,
    onEpoch({ epoch, loss }) {
      stream.write(`epoch ${String(epoch).padStart(width)}/${maxEpochs}  loss ${formatLoss(loss)}\n`);
    },
    finish() {},
  };
}

function bar(maxEpochs: number, stream: Writable): Progress {
  const b = new SingleBar(
    {
      format: 'training [{bar}] {percentage}% | epoch {value}/{total} | loss {loss} | {duration_formatted}',
      stream,
      hideCursor: true,
      // fit runs synchronously, so the bar's timer never fires while it trains: redraw from update().
      synchronousUpdate: true,
      fps: 10,
    },
    Presets.shades_classic,
  );
  let started = false;
  let last = 0;
  return {
    // About 500 updates over the run: smooth, while WASM runs the epochs in between in one call.
    every: Math.max(1, Math.ceil(maxEpochs / 500)),
    onEpoch({ epoch, loss }) {
      if (!started) {
        b.start(maxEpochs, 0, { loss: '…' });
        started = true;
      }
      last = epoch;
      b.update(epoch, { loss: formatLoss(loss) });
    },
    finish(ok) {
      if (!started) return;
      if (ok) b.setTotal(last); // stopped early (converged): show where it ended as complete
      b.stop();
    },
  };
}

export function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(6) : String(loss);
}
