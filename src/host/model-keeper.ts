/**
 * The model across windows: a new model's checkpoint is kept on disk, and before this window first uses a
 * model (Predict, Analyze, Save Checkpoint) without one of its own, the kept one is loaded into the worker.
 */
import type { LogLevel } from '../shared/names';
import type { ExtensionStorage } from './extension-storage';
import type { WorkerClient } from './worker-client';

export class ModelKeeper {
  /** True once this session has a model of its own, or has looked for the one kept from the last session. */
  private settled = false;

  constructor(private readonly client: WorkerClient, private readonly storage: ExtensionStorage,
    private readonly log: (level: LogLevel, message: string) => void, private readonly onRestored: (summary: string) => void,
    private readonly onKept: (summary: string) => void = () => undefined) {}

  /** A new model (trained, stopped with its weights kept, or loaded): keep its checkpoint for the next window. */
  async keep(): Promise<void> {
    this.settled = true;
    try {
      const r = await this.client.saveCheckpoint();
      if (!r.json) throw new Error(r.error ?? 'the worker returned no checkpoint');
      if (r.summary) this.onKept(r.summary);
      await this.storage.saveModel(r.json);
    } catch (e) {
      this.log('warn', `could not keep the model for the next window: ${(e as Error).message}`);
    }
  }

  /** Before the first use of a model in this window: load the one kept from the last window if this one has none. */
  async ensure(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    let json: string | undefined;
    try {
      json = await this.storage.loadModel();
    } catch (e) {
      this.log('warn', `could not restore the last model: ${(e as Error).message}`);
      return;
    }
    if (json === undefined) return;
    const r = await this.client.loadCheckpoint(json, this.storage.modelFile).catch((e: Error) => ({ error: e.message,
      summary: undefined }));
    if (r.error || !r.summary) {
      this.log('warn', `could not restore the last model: ${r.error ?? 'no summary'}`);
      return;
    }
    this.log('info', `Restored the model kept from the last window: ${r.summary}`);
    this.onRestored(r.summary);
  }
}
