// Test helpers that need Node (the file system); helpers.ts stays browser-safe.
import { readFileSync } from 'node:fs';

/** The bundled CSVs: header row, features, last column `target`. */
export function loadCsv(name: 'diabetes' | 'diabetes_raw'): { X: number[][]; y: number[]; names: string[] } {
  const text = readFileSync(new URL(`../data/${name}.csv`, import.meta.url), 'utf8').trim();
  const [header, ...lines] = text.split('\n');
  const rows = lines.map((l) => l.split(',').map(Number));
  return {
    X: rows.map((r) => r.slice(0, -1)),
    y: rows.map((r) => r[r.length - 1]),
    names: header.split(',').slice(0, -1),
  };
}
