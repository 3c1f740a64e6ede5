import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileWriteError, probeWritable, writeFileAtomic, writeFileAtomicSync, WRITE_SLICE_CHARS } from './atomic-write';

const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-atomic-'));

describe('shared/atomic-write: temp file in the same folder, fsync, rename', () => {
  it('replaces the file whole and leaves no temporary file behind', async () => {
    const f = path.join(dir, 'a.json');
    writeFileSync(f, 'old');
    writeFileAtomicSync(f, 'new text');
    assert.equal(readFileSync(f, 'utf8'), 'new text');
    await writeFileAtomic(f, Buffer.from('async text'));
    assert.equal(readFileSync(f, 'utf8'), 'async text');
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  });

  it('writes a long string in slices, byte for byte, never splitting a surrogate pair or a multi-byte character', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-atomic-'));
    const file = path.join(dir, 'long.json');
    // A pair of UTF-16 halves (an emoji) across the first slice boundary, an accented letter across the second.
    const text = 'a'.repeat(WRITE_SLICE_CHARS - 1) + '😀' + 'b'.repeat(WRITE_SLICE_CHARS - 2) + 'é…' + 'c'.repeat(1000);
    assert.equal(text.charCodeAt(WRITE_SLICE_CHARS - 1), 0xd83d, 'the boundary falls inside the pair');
    await writeFileAtomic(file, text, 'the run');
    assert.ok(readFileSync(file).equals(Buffer.from(text, 'utf8')));
    await writeFileAtomic(file, '', 'the run');
    assert.equal(readFileSync(file, 'utf8'), '');
  });

  it('writes through a symlink to its target (the link stays a link)', () => {
    const real = path.join(dir, 'real.json');
    const link = path.join(dir, 'link.json');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    writeFileAtomicSync(link, 'via link');
    assert.equal(readFileSync(real, 'utf8'), 'via link');
    assert.equal(readFileSync(link, 'utf8'), 'via link');
  });

  it('a failed write names the file and the reason, and the old file is untouched', () => {
    const folder = path.join(dir, 'sub');
    mkdirSync(folder);
    assert.throws(() => writeFileAtomicSync(folder, 'x', 'the checkpoint'), (e: unknown) =>
      e instanceof FileWriteError && e.message === `cannot write the checkpoint ${folder}: it is a folder`);
    assert.throws(() => writeFileAtomicSync(path.join(dir, 'missing', 'm.json'), 'x', 'the checkpoint'), (e: unknown) =>
      e instanceof FileWriteError && /the folder does not exist \(ENOENT\)$/.test(e.message));
  });

  it('probeWritable: a missing folder, a file used as a folder, a folder given as the file', () => {
    assert.throws(() => probeWritable(path.join(dir, 'nope', 'm.json'), 'the checkpoint'), /the folder .*nope does not exist \(ENOENT\)/);
    const file = path.join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    assert.throws(() => probeWritable(path.join(file, 'm.json'), 'the checkpoint'), /is not a folder \(ENOTDIR\)/);
    assert.throws(() => probeWritable(dir, 'the checkpoint'), /it is a folder/);
    probeWritable(path.join(dir, 'ok.json'));
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'the probe removes its file');
  });

  it('probeWritable: a read-only folder (checked as an unprivileged user, since root may write anywhere)', function () {
    const ro = path.join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    chmodSync(dir, 0o755);
    const src = path.join(__dirname, 'atomic-write.ts');
    const script = `import('${src}').then((m) => { const p = m.probeWritable ?? m.default.probeWritable; try { p(${JSON.stringify(path.join(ro, 'm.json'))}, 'the checkpoint'); console.log('no error'); } catch (e) { console.log(e.message); } })`;
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() }, ...asNobody });
    assert.equal(r.stdout.trim(), `cannot write the checkpoint ${path.join(ro, 'm.json')}: permission denied (EACCES)`, r.stderr);
  });
});
