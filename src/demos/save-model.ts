/**
 * The last step of training: writing the checkpoint. The write is atomic (temp file, fsync, rename), so an
 * interrupted save leaves the previous file as it was. If it fails even so (the folder was removed or became
 * read-only during training, the disk is full), the model is not lost: it is written to the system's
 * temporary folder and the error says where it is and how to put it where it belongs.
 */
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomicSync } from '../data/atomic-write';

/** Writes the checkpoint text; on failure keeps it in a rescue file and throws one line naming both. */
export function saveTrainedModel(file: string, text: string, rescueFolder = tmpdir()): void {
  try {
    writeFileAtomicSync(file, text, 'the checkpoint');
    return;
  } catch (e) {
    const why = (e as Error).message;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const rescue = path.join(rescueFolder, `unrolled-model-${stamp}-${process.pid}.json`);
    try {
      writeFileAtomicSync(rescue, text, 'the checkpoint');
    } catch (e2) {
      throw new Error(`${why}; keeping the model in ${rescue} failed too (${(e2 as Error).message}), so the trained model is lost`);
    }
    throw new Error(`${why}; the trained model was kept in ${rescue} — move it where you want it (e.g. mv ${rescue} ${file})`);
  }
}
