// Atomic file writes: a reader (or a server restarting after a crash) sees the old file or the new
// one, never a half-written one. The data goes to a temporary file in the same directory (rename is
// atomic only within a file system), is fsynced, then renamed over the target; the directory is
// fsynced so that the rename itself survives a power cut.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The suffix of temporary files; readers of a directory skip names ending with it. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Writes `data` to `path` atomically (temporary file, fsync, rename, fsync of the directory).
 * @throws the file system error (the temporary file is removed first).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const file = await open(temp, 'wx', 0o644);
  try {
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => {});
    throw e;
  }
  await syncDirectory(dir);
}

/** fsync a directory so that entries created or renamed in it are durable. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) and file systems cannot open or fsync a directory; the rename is
    // still atomic there, only its durability across a power cut is not guaranteed.
  } finally {
    await handle?.close();
  }
}

/** The process id in the name of a temporary file that writeFileAtomic made, or null for another name. */
export function tempFileWriter(name: string): number | null {
  const m = /\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Whether a process with this id runs on this host (EPERM: it runs, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
