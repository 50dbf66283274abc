// The model registry: models/<name>/<version>/model.json on disk, every version loaded in memory.
// The disk is the source of truth and is only ever changed atomically: a new version's directory is
// claimed with mkdir (which fails if it exists, so two writers never share a version) and its
// model.json is written to a temporary file, fsynced and renamed. A crash leaves at most an empty
// version directory or a temporary file: both are deleted at start (one server writes a registry).
//
// KServe mounts one model read-only instead (`modelDir`, e.g. /mnt/models): the directory holds
// model.json (version 1) or versioned folders 1/model.json, 2/…, served under a name given by the
// deployment. That layout is never written.
import { mkdir, readdir, readFile, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { LinearRegression } from 'linwasm';
import { isProcessAlive, syncDirectory, TEMP_SUFFIX, tempFileWriter, writeFileAtomic } from './atomic.js';
import { HttpError } from './http-error.js';
import { loadModel, type ModelColumns, modelDocument } from './model-file.js';
import { checkName, checkVersion, isValidName, isValidVersion } from './names.js';

export const MODEL_FILE = 'model.json';

/** One version of a model, ready to predict. */
export interface ModelVersion {
  name: string;
  version: string;
  model: LinearRegression;
  columns: ModelColumns | null;
}

/** A version on disk and whether it is loaded (the repository index). */
export interface IndexEntry {
  name: string;
  version: string;
  state: 'READY' | 'UNAVAILABLE';
  reason: string;
}

/** Serve one model from a read-only directory under this name (KServe's layout). */
export interface SingleModel {
  name: string;
}

export class Registry {
  /** name → version → model; versions iterate in no particular order, see versions(). */
  private readonly models = new Map<string, Map<string, ModelVersion>>();
  /** Versions that failed to load, with the reason (shown in the repository index). */
  private readonly broken = new Map<string, string>();

  constructor(
    readonly root: string,
    private readonly log: FastifyBaseLogger,
    /** Set for a read-only model directory instead of a registry. */
    readonly single: SingleModel | null = null,
  ) {}

  /** Whether versions can be added and deleted (not for a read-only model directory). */
  get writable(): boolean {
    return this.single === null;
  }

  /** Creates the root if needed, deletes crash leftovers and loads every model version found. */
  async load(): Promise<void> {
    if (this.single) {
      const s = await stat(this.root).catch(() => null);
      if (!s?.isDirectory()) throw new Error(`the model directory ${this.root} does not exist or is not a directory`);
    } else {
      await mkdir(this.root, { recursive: true });
      await this.removeLeftovers();
    }
    for (const name of await this.names()) await this.loadModel(name);
    const versions = [...this.models.values()].reduce((n, m) => n + m.size, 0);
    this.log.info({ root: this.root, models: this.models.size, versions }, 'model registry loaded');
    if (this.single && versions === 0) {
      this.log.error({ root: this.root }, `no loadable ${MODEL_FILE} in the model directory`);
    }
  }

  /** (Re)loads every version of one model from disk. @returns the number of versions loaded. */
  async loadModel(name: string): Promise<number> {
    const loaded = new Map<string, ModelVersion>();
    for (const version of await this.versionDirs(name)) {
      const file = this.modelFile(name, version);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        continue; // claimed but never completed: not a version
      }
      try {
        // Named relative to the registry, so that no file-system path reaches a client.
        const { model, columns } = loadModel(text, this.displayName(name, version));
        loaded.set(version, { name, version, model, columns });
        this.broken.delete(`${name}/${version}`);
      } catch (e) {
        this.broken.set(`${name}/${version}`, (e as Error).message);
        this.log.error({ file, err: e }, 'skipping a model file that cannot be loaded');
      }
    }
    if (loaded.size > 0) this.models.set(name, loaded);
    else this.models.delete(name);
    return loaded.size;
  }

  /** Drops a model from memory (its files stay on disk). @returns whether it was loaded. */
  unloadModel(name: string): boolean {
    return this.models.delete(name);
  }

  /** Loaded model names, sorted. */
  list(): string[] {
    return [...this.models.keys()].sort();
  }

  /** Loaded versions of a model, in ascending order. */
  versions(name: string): string[] {
    return [...(this.models.get(name)?.keys() ?? [])].sort((a, b) => Number(a) - Number(b));
  }

  /** Number of loaded versions of all models. */
  get size(): number {
    let n = 0;
    for (const m of this.models.values()) n += m.size;
    return n;
  }

  /**
   * A loaded model version; the latest (highest) when version is not given.
   * @throws HttpError 404 for an unknown model or version; 400 for a name or version that is not valid.
   */
  get(name: string, version?: string): ModelVersion {
    const versions = this.models.get(name);
    if (!versions) {
      checkName(name); // a name that could never exist is a 400, an unknown one a 404
      throw new HttpError(404, `model '${name}' not found`);
    }
    if (version === undefined) {
      // The highest version, found without sorting (this runs on every inference request).
      let latest: ModelVersion | undefined;
      for (const v of versions.values())
        if (latest === undefined || Number(v.version) > Number(latest.version)) latest = v;
      return latest as ModelVersion;
    }
    const found = versions.get(version);
    if (!found) {
      checkVersion(version);
      throw new HttpError(
        404,
        `model '${name}' has no version ${version} (versions: ${this.versions(name).join(', ')})`,
      );
    }
    return found;
  }

  /**
   * Saves a model document as the next version of `name` and loads it.
   * @throws HttpError 400 when the document is not a linwasm model; 403 for a read-only model
   * directory; file system errors.
   */
  async add(name: string, document: unknown): Promise<ModelVersion> {
    this.ensureWritable();
    let parsed: ReturnType<typeof loadModel>;
    try {
      parsed = loadModel(document, 'model document');
    } catch (e) {
      throw new HttpError(400, (e as Error).message);
    }
    const modelDir = join(this.root, name);
    await mkdir(modelDir, { recursive: true });
    const version = await this.claimVersion(name);
    const dir = join(modelDir, version);
    try {
      // Re-serialized from the restored model: the file holds exactly what linwasm reads back.
      const text = JSON.stringify(modelDocument(parsed.model, parsed.columns));
      await writeFileAtomic(join(dir, MODEL_FILE), `${text}\n`);
    } catch (e) {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      throw e;
    }
    const entry: ModelVersion = { name, version, model: parsed.model, columns: parsed.columns };
    let versions = this.models.get(name);
    if (!versions) this.models.set(name, (versions = new Map()));
    versions.set(version, entry);
    this.log.info({ model: name, version }, 'model version registered');
    return entry;
  }

  /**
   * Deletes a version from disk and memory. Its model.json is removed first (one atomic step), so
   * an interrupted delete leaves a directory that loading removes.
   * @throws HttpError 404 for an unknown model or version; 403 for a read-only model directory.
   */
  async remove(name: string, version: string): Promise<void> {
    this.ensureWritable();
    this.get(name, version);
    const dir = join(this.root, name, version);
    await unlink(join(dir, MODEL_FILE)).catch((e: { code?: string }) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await syncDirectory(dir);
    await rm(dir, { recursive: true, force: true });
    const versions = this.models.get(name) as Map<string, ModelVersion>;
    versions.delete(version);
    if (versions.size === 0) this.models.delete(name);
    this.log.info({ model: name, version }, 'model version deleted');
  }

  /** Every version on disk, with whether it is loaded (Triton's repository index). */
  async index(): Promise<IndexEntry[]> {
    const out: IndexEntry[] = [];
    for (const name of await this.names()) {
      for (const version of await this.versionDirs(name)) {
        if ((await stat(this.modelFile(name, version)).catch(() => null)) === null) continue;
        const loaded = this.models.get(name)?.has(version) ?? false;
        const reason = loaded ? '' : (this.broken.get(`${name}/${version}`) ?? 'unloaded');
        out.push({ name, version, state: loaded ? 'READY' : 'UNAVAILABLE', reason });
      }
    }
    return out;
  }

  /** @throws HttpError 403 for a read-only model directory. */
  ensureWritable(): void {
    if (!this.writable) {
      throw new HttpError(
        403,
        'this server serves one read-only model directory (modelDir): training and registry changes are disabled',
      );
    }
  }

  private modelFile(name: string, version: string): string {
    return this.single && version === '1' && this.topLevel
      ? join(this.root, MODEL_FILE)
      : join(this.modelRoot(name), version, MODEL_FILE);
  }

  private displayName(name: string, version: string): string {
    return `${name}/${version}/${MODEL_FILE}`;
  }

  private modelRoot(name: string): string {
    return this.single ? this.root : join(this.root, name);
  }

  /** Set when a model directory holds model.json itself rather than versioned folders. */
  private topLevel = false;

  /** Model directories under the root with a valid name, sorted. */
  private async names(): Promise<string[]> {
    if (this.single) return [this.single.name];
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && isValidName(e.name))
      .map((e) => e.name)
      .sort();
  }

  /** Version directories of a model with a valid version, ascending. */
  private async versionDirs(name: string): Promise<string[]> {
    if (this.single) {
      this.topLevel = (await stat(join(this.root, MODEL_FILE)).catch(() => null))?.isFile() ?? false;
      if (this.topLevel) return ['1'];
    }
    const entries = await readdir(this.modelRoot(name), { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && isValidVersion(e.name))
      .map((e) => e.name)
      .sort((a, b) => Number(a) - Number(b));
  }

  /**
   * Deletes what an interrupted write leaves: temporary files whose writing process has stopped, and
   * version directories that never received their model.json.
   */
  private async removeLeftovers(): Promise<void> {
    for (const name of await this.names()) {
      for (const version of await this.versionDirs(name)) {
        const dir = join(this.root, name, version);
        let entries = await readdir(dir).catch(() => [] as string[]);
        for (const e of entries) {
          if (!e.endsWith(TEMP_SUFFIX)) continue;
          const pid = tempFileWriter(e);
          if (pid !== null && pid !== process.pid && isProcessAlive(pid)) continue;
          await unlink(join(dir, e)).then(
            () =>
              this.log.warn({ model: name, version, file: e }, 'deleted a temporary file left by an interrupted write'),
            () => {},
          );
        }
        entries = await readdir(dir).catch(() => [] as string[]);
        if (entries.length === 0) {
          await rmdir(dir).then(
            () =>
              this.log.warn(
                { model: name, version },
                'deleted an empty version directory left by an interrupted write',
              ),
            () => {},
          );
        }
      }
    }
  }

  /** Creates the next version directory; mkdir fails on an existing one, so a version is never shared. */
  private async claimVersion(name: string): Promise<string> {
    const dirs = await this.versionDirs(name);
    let next = Math.max(0, ...dirs.map(Number), ...this.versions(name).map(Number)) + 1;
    for (let attempt = 0; attempt < 100; attempt++, next++) {
      try {
        await mkdir(join(this.root, name, String(next)));
        await syncDirectory(join(this.root, name));
        return String(next);
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw e;
      }
    }
    throw new Error(`could not claim a new version directory for model '${name}'`);
  }
}
