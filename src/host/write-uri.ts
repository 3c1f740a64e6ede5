/**
 * Writing a file the user chose in a save dialog: on disk (a `file:` URI) atomically — temp file, fsync,
 * rename, so an export or checkpoint interrupted half way leaves the earlier file whole; other schemes
 * (remote file systems) through VS Code's file system API, which has no rename-over.
 */
import * as vscode from 'vscode';
import { writeFileAtomic } from '../data/atomic-write';

export async function writeUserUri(target: vscode.Uri, bytes: Uint8Array, what: string): Promise<void> {
  if (target.scheme === 'file') {
    await writeFileAtomic(target.fsPath, bytes, what);
    return;
  }
  await vscode.workspace.fs.writeFile(target, bytes);
}
