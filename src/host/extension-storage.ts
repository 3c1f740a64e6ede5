/**
 * What the extension keeps between windows, in its storage folder: the last run shown (`last-run.json`,
 * for a panel restored after a reload) and the model Predict and Analyze use (`model.json`, a checkpoint).
 * Writes go one at a time to a temporary file that is then renamed over the old one, so a reload in the
 * middle of a write leaves the previous file readable, never half a file. The last run is kept in a second
 * folder too (`mirror`: the global storage), since a workspace opened twice may get a second workspace storage
 * folder: load reads both and takes the newer. Node only (no vscode).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../data/atomic-write';
import * as path from 'node:path';
import type { RunRecord } from './run-record';
import { decodeSavedRun, encodeSavedRunAsync, SAVED_RUN_BUDGET } from './saved-run';

export const SAVED_RUN_FILE = 'last-run.json';
export const MODEL_FILE = 'model.json';

export type LoadResult = { ok: true; record: RunRecord } | { ok: false; missing: boolean; reason: string };

export class ExtensionStorage {
  private chain: Promise<void> = Promise.resolve();
  /** The last run shown. */
  readonly file: string;
  /** The current model's checkpoint. */
  readonly modelFile: string;

  /** The last run's copy in the mirror folder, if there is one. */
  readonly mirrorFile: string | undefined;

  constructor(readonly folder: string, private readonly budget = SAVED_RUN_BUDGET, readonly mirror?: string) {
    this.file = path.join(folder, SAVED_RUN_FILE);
    this.modelFile = path.join(folder, MODEL_FILE);
    this.mirrorFile = mirror && path.resolve(mirror) !== path.resolve(folder) ? path.join(mirror, SAVED_RUN_FILE) : undefined;
  }

  /** Save a run (after the writes already queued), here and in the mirror; resolves when it is on disk,
   * rejects naming the file (the mirror's failure only when the main copy failed too). */
  save(rec: RunRecord, now = new Date()): Promise<void> {
    // Encoded in slices (the event loop runs between them), starting now with the events recorded so far; the
    // same text goes to the mirror.
    const text = encodeSavedRunAsync(rec, now, this.budget);
    const main = this.write(this.file, text, 'the run');
    if (!this.mirrorFile) return main;
    const copy = this.write(this.mirrorFile, text, 'the run');
    return Promise.allSettled([main, copy]).then(([m, c]) => {
      if (m.status === 'rejected' && c.status === 'rejected') throw m.reason;
    });
  }

  /** Keep the current model's checkpoint JSON. */
  saveModel(json: string): Promise<void> {
    return this.write(this.modelFile, json, 'the model');
  }

  /** The kept checkpoint's text, or undefined when there is none (other read errors reject, naming the file). */
  async loadModel(): Promise<string | undefined> {
    await this.chain;
    try {
      return await readFile(this.modelFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`could not read ${this.modelFile}: ${(e as Error).message}`);
    }
  }

  private write(file: string, content: string | Promise<string>, what: string): Promise<void> {
    const write = async (): Promise<void> => {
      try {
        const text = await content;
        await mkdir(path.dirname(file), { recursive: true });
        await writeFileAtomic(file, text, what); // temp file, fsync, rename
      } catch (e) {
        throw new Error(`could not save ${what} to ${file}: ${(e as Error).message}`);
      }
    };
    const p = this.chain.then(write);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** The saved run (the newer of the two copies), or why there is none (a missing file is not an error worth a warning). */
  async load(): Promise<LoadResult> {
    await this.chain;
    const main = await this.loadFile(this.file);
    if (!this.mirrorFile) return main;
    const copy = await this.loadFile(this.mirrorFile);
    if (!main.ok) return copy.ok ? copy : main;
    return copy.ok && copy.savedAt > main.savedAt ? copy : main;
  }

  private async loadFile(file: string): Promise<LoadResult & { savedAt: number }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      return { ok: false, missing, reason: missing ? `no run saved in ${file}` : `could not read ${file}: ${(e as Error).message}`, savedAt: 0 };
    }
    try {
      // savedAt comes before the events in the file (encodeSavedRun): no second parse of a large file
      const at = /"savedAt":"([^"]+)"/.exec(text.slice(0, 4096))?.[1];
      return { ok: true, record: decodeSavedRun(text), savedAt: at ? Date.parse(at) || 0 : 0 };
    } catch (e) {
      return { ok: false, missing: false, reason: `${file}: ${(e as Error).message}`, savedAt: 0 };
    }
  }
}
