// Atomic writes: the target holds the old or the new content, never a part, and no temporary
// file is left behind, whether the write succeeds or fails.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMP_SUFFIX, writeFileAtomic } from '../../src/atomic.js';

const dir = mkdtempSync(join(tmpdir(), 'linwasm-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates and then replaces a file, leaving no temporary file', async () => {
    const path = join(dir, 'model.json');
    await writeFileAtomic(path, '{"v":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"v":1}');
    await writeFileAtomic(path, new TextEncoder().encode('{"v":2}'));
    expect(readFileSync(path, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('writes many times concurrently to the same file: the result is one complete write', async () => {
    const path = join(dir, 'race.json');
    const texts = Array.from({ length: 8 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(100_000) }));
    await Promise.all(texts.map((t) => writeFileAtomic(path, t)));
    expect(texts).toContain(readFileSync(path, 'utf8'));
    expect(readdirSync(dir).filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
  });

  it('fails without leaving a temporary file when the target cannot be replaced', async () => {
    const sub = join(dir, 'sub');
    const target = join(sub, 'occupied');
    // A directory at the target path: the rename fails after the temporary file was written.
    mkdirSync(target, { recursive: true });
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(readdirSync(sub)).toEqual(['occupied']);
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'dir.json'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
