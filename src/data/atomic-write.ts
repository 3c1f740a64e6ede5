/**
 * Writing a user's file without ever leaving it half written: the bytes go to a temporary file in the same
 * folder, are flushed to disk (fsync), and the temporary file is then renamed over the target. A crash or a
 * `kill -9` at any moment leaves either the previous file or the new one, never a truncated mix; the
 * temporary file is removed when the write fails. Pure Node `fs` (no vscode; not in src/shared, which the webview
 * shares): the CLI, the demos and the extension host all write through here.
 *
 * Also the checks a command makes before long work: `probeWritable` creates (and removes) a file in the
 * target's folder, so a missing or read-only folder is found before training, not after it.
 */
import {
  closeSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync,
} from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import * as path from 'node:path';

/** A write that failed, with a one-line message naming the file (and the system's error code). */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

let counter = 0;

/** The real file a write to `file` replaces: a symlink's target (so the link survives), else `file`. */
export function writeTarget(file: string): string {
  try {
    if (lstatSync(file).isSymbolicLink()) return realpathSync(file);
  } catch {
    // missing: written as named
  }
  return file;
}

/** A fresh temporary name beside `file` (same folder, so the rename never crosses file systems). */
export function tempNameFor(file: string): string {
  counter = (counter + 1) % 1e9;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter}.tmp`);
}

function describe(code: string | undefined): string {
  switch (code) {
    case 'ENOENT': return 'the folder does not exist';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOSPC': return 'the disk is full';
    case 'EDQUOT': return 'the disk quota is exceeded';
    case 'EISDIR': return 'it is a folder';
    case 'EFBIG': return 'the file is too large for this file system';
    default: return code ?? 'unknown error';
  }
}

/** "cannot write the checkpoint x.json: the folder does not exist (ENOENT)". */
export function writeErrorMessage(what: string, file: string, e: unknown): FileWriteError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const why = code ? `${describe(code)}${describe(code) === code ? '' : ` (${code})`}` : String((e as Error)?.message ?? e);
  return new FileWriteError(`cannot write ${what} ${file}: ${why}`, code);
}

function syncFolder(folder: string): void {
  // Makes the rename itself durable; not possible on every platform (Windows), so best effort.
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // ignore
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function refuseFolder(file: string, what: string): void {
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    return;
  }
  if (isDir) throw new FileWriteError(`cannot write ${what} ${file}: it is a folder`, 'EISDIR');
}

/** Writes `data` to `file` atomically (temp + fsync + rename). Throws FileWriteError naming the file. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, what = 'the file'): void {
  const target = writeTarget(file);
  refuseFolder(target, what);
  const tmp = tempNameFor(target);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 24));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) {
      try { closeSync(fd); } catch { /* already failing */ }
    }
    try { unlinkSync(tmp); } catch { /* never created */ }
    throw writeErrorMessage(what, file, e);
  }
  syncFolder(path.dirname(target));
}

/** The same, without blocking the event loop (the extension host's writes). */
/** Characters of a string turned into bytes and written per call: a multi-megabyte string converted in one
 * call held the extension host for up to 0.2 s on a loaded machine (host-profile.vscode.test.ts). */
export const WRITE_SLICE_CHARS = 1 << 20;

async function writeAll(handle: Awaited<ReturnType<typeof open>>, data: string | Uint8Array): Promise<void> {
  if (typeof data !== 'string') return handle.writeFile(data);
  for (let i = 0; i < data.length;) {
    let j = Math.min(data.length, i + WRITE_SLICE_CHARS);
    const last = data.charCodeAt(j - 1);
    if (j < data.length && last >= 0xd800 && last <= 0xdbff) j--; // never split a surrogate pair
    const bytes = Buffer.from(data.slice(i, j), 'utf8');
    for (let off = 0; off < bytes.length;) off += (await handle.write(bytes, off, bytes.length - off)).bytesWritten;
    i = j;
  }
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, what = 'the file'): Promise<void> {
  const target = writeTarget(file);
  refuseFolder(target, what);
  const tmp = tempNameFor(target);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, 'wx', 0o644);
    await writeAll(handle, data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, target);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw writeErrorMessage(what, file, e);
  }
  syncFolder(path.dirname(target));
}

/**
 * Checks, before any long work, that `file` can be written: its folder exists and a file can be created
 * in it (created and removed at once; `access` alone is wrong for root and for read-only mounts), and the
 * path is not a folder. Throws FileWriteError with the reason.
 */
export function probeWritable(file: string, what = 'the file'): void {
  const target = writeTarget(file);
  refuseFolder(target, what);
  const folder = path.dirname(target);
  let isDir: boolean;
  try {
    isDir = statSync(folder).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileWriteError(`cannot write ${what} ${file}: ${code === 'ENOENT' ? `the folder ${folder} does not exist` : describe(code)}${code ? ` (${code})` : ''}`, code);
  }
  if (!isDir) throw new FileWriteError(`cannot write ${what} ${file}: ${folder} is not a folder (ENOTDIR)`, 'ENOTDIR');
  const tmp = tempNameFor(target);
  try {
    closeSync(openSync(tmp, 'wx', 0o644));
  } catch (e) {
    throw writeErrorMessage(what, file, e);
  }
  try { unlinkSync(tmp); } catch { /* gone already */ }
}
