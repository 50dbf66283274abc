// The model registry: models/<name>/<version>/model.json on disk, every version loaded in memory.
// The disk is the source of truth and is only ever changed atomically: a new version's directory is
// claimed with mkdir (which fails if it exists, so two writers never share a version) and its
// model.json is written to a temporary file, fsynced and renamed. A crash leaves at most an empty
// version directory or a temporary file, both of which loading skips.
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { LinearRegression } from '../index.js';
import { syncDirectory, TEMP_SUFFIX, writeFileAtomic } from '../node/atomic.js';
import { loadModel, type ModelColumns, modelDocument } from '../node/model-file.js';
import { HttpError } from './http-error.js';
import { isValidName, isValidVersion } from './names.js';

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

export class Registry {
  /** name → version → model; versions iterate in no particular order, see versions(). */
  private readonly models = new Map<string, Map<string, ModelVersion>>();
  /** Versions that failed to load, with the reason (shown in the repository index). */
  private readonly broken = new Map<string, string>();

  constructor(
    readonly root: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Creates the root if needed and loads every model version found under it. */
  async load(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const name of await this.names()) await this.loadModel(name);
    const versions = [...this.models.values()].reduce((n, m) => n + m.size, 0);
    this.log.info({ root: this.root, models: this.models.size, versions }, 'model registry loaded');
  }

  /** (Re)loads every version of one model from disk. @returns the number of versions loaded. */
  async loadModel(name: string): Promise<number> {
    const loaded = new Map<string, ModelVersion>();
    for (const version of await this.versionDirs(name)) {
      const dir = join(this.root, name, version);
      const entries = await readdir(dir).catch(() => [] as string[]);
      for (const e of entries) {
        if (e.endsWith(TEMP_SUFFIX)) {
          this.log.warn({ file: join(dir, e) }, 'ignoring a temporary file left by an interrupted write');
        }
      }
      if (!entries.includes(MODEL_FILE)) continue; // claimed but never completed: not a version
      const file = join(dir, MODEL_FILE);
      try {
        const { model, columns } = loadModel(await readFile(file, 'utf8'), file);
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
   * @throws HttpError 404 for an unknown model or version.
   */
  get(name: string, version?: string): ModelVersion {
    const versions = this.models.get(name);
    if (!versions) throw new HttpError(404, `model '${name}' not found`);
    if (version === undefined) {
      const all = this.versions(name);
      return versions.get(all[all.length - 1]) as ModelVersion;
    }
    const found = versions.get(version);
    if (!found) {
      throw new HttpError(
        404,
        `model '${name}' has no version ${version} (versions: ${this.versions(name).join(', ')})`,
      );
    }
    return found;
  }

  /**
   * Saves a model document as the next version of `name` and loads it.
   * @throws HttpError 400 when the document is not a linwasm model; file system errors.
   */
  async add(name: string, document: unknown): Promise<ModelVersion> {
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
   * an interrupted delete leaves a directory that loading skips.
   * @throws HttpError 404 for an unknown model or version.
   */
  async remove(name: string, version: string): Promise<void> {
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
        const entries = await readdir(join(this.root, name, version)).catch(() => [] as string[]);
        if (!entries.includes(MODEL_FILE)) continue;
        const loaded = this.models.get(name)?.has(version) ?? false;
        const reason = loaded ? '' : (this.broken.get(`${name}/${version}`) ?? 'unloaded');
        out.push({ name, version, state: loaded ? 'READY' : 'UNAVAILABLE', reason });
      }
    }
    return out;
  }

  /** Model directories under the root with a valid name, sorted. */
  private async names(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && isValidName(e.name))
      .map((e) => e.name)
      .sort();
  }

  /** Version directories of a model with a valid version, ascending. */
  private async versionDirs(name: string): Promise<string[]> {
    const entries = await readdir(join(this.root, name), { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && isValidVersion(e.name))
      .map((e) => e.name)
      .sort((a, b) => Number(a) - Number(b));
  }

  /** Creates the next version directory; mkdir fails on an existing one, so a version is never shared. */
  private async claimVersion(name: string): Promise<string> {
    const dirs = await this.versionDirs(name);
    // Past empty (interrupted) directories too: a version number is never reused.
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
