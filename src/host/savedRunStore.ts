/**
 * Where the last shown run is kept between windows: `last-run.json` in the extension's storage folder.
 * Writes go one at a time to a temporary file that is then renamed over the old one, so a reload in the
 * middle of a write leaves the previous run readable, never half a file. Node only (no vscode).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunRecord } from './runRecord';
import { decodeSavedRun, encodeSavedRun, SAVED_RUN_BUDGET } from './savedRun';

export const SAVED_RUN_FILE = 'last-run.json';

export type LoadResult = { ok: true; record: RunRecord } | { ok: false; missing: boolean; reason: string };

export class SavedRunStore {
  private chain: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(readonly folder: string, private readonly budget = SAVED_RUN_BUDGET) {
    this.file = path.join(folder, SAVED_RUN_FILE);
  }

  /** Save a run (after the writes already queued); resolves when it is on disk, rejects naming the file. */
  save(rec: RunRecord, now = new Date()): Promise<void> {
    const text = encodeSavedRun(rec, now, this.budget);
    const write = async (): Promise<void> => {
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        await mkdir(this.folder, { recursive: true });
        await writeFile(tmp, text, 'utf8');
        await rename(tmp, this.file);
      } catch (e) {
        throw new Error(`could not save the run to ${this.file}: ${(e as Error).message}`);
      }
    };
    const p = this.chain.then(write);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** The saved run, or why there is none (a missing file is not an error worth a warning). */
  async load(): Promise<LoadResult> {
    await this.chain;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      return { ok: false, missing, reason: missing ? `no run saved in ${this.file}` : `could not read ${this.file}: ${(e as Error).message}` };
    }
    try {
      return { ok: true, record: decodeSavedRun(text) };
    } catch (e) {
      return { ok: false, missing: false, reason: `${this.file}: ${(e as Error).message}` };
    }
  }
}
