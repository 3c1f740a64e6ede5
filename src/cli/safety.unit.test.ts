/**
 * Issue 16 cases 2–7 as the CLI meets them: outputs that are inputs, unwritable save paths and configurations
 * that cannot fit are refused before any work; piping into `head` ends quietly; checkpoint values that only
 * look valid are refused; texts the model cannot read get a message, not a label.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkpointToJson } from '../engine/checkpoint';
import { createUnrolledModel } from '../engine/unrolled-model';
import { memoryIO } from './io';
import { runCli } from './run';
import { consumeDemo } from './stream';
import type { DemoEvent } from '../shared/events';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-safety-'));
const csv = path.join(dir, 'x.csv');
writeFileSync(csv, 'review,sentiment\ngood film,positive\nbad film,negative\n');

async function run(args: readonly string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const io = memoryIO();
  const code = await runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** A small checkpoint (vocabulary: good, bad, film), optionally edited. */
function checkpoint(name: string, edit?: (j: ReturnType<typeof checkpointToJson>) => void): string {
  const model = createUnrolledModel({ vocabSize: 4, embeddingDim: 3, hiddenSize: 2, numLayers: 1, outputSize: 2, seqLength: 5 },
    { seed: 1 });
  const j = checkpointToJson(model, ['<PAD>', 'good', 'bad', 'film'], { readout: 'mean' });
  edit?.(j);
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify(j).replace('"__INF__"', '1e999'));
  return f;
}

describe('cli: data safety and no crashes (issue 16)', function () {
  this.timeout(120_000);

  it('case 2: --save or --record equal to an input (same real path) is refused at once, exit 2, the input untouched', async () => {
    const before = readFileSync(csv, 'utf8');
    const link = path.join(dir, 'link.csv');
    symlinkSync(csv, link);
    const ck = checkpoint('m.json');
    for (const [args, line] of [
      [['train', '--data', csv, '--save', csv], `unrolled train: --save ${csv} is the same file as --data ${csv}; writing it would destroy the input, so give another file name`],
      [['train', '--data', link, '--save', path.join(dir, '.', 'x.csv')], `unrolled train: --save ${path.join(dir, 'x.csv')} is the same file as --data ${link}; writing it would destroy the input, so give another file name`],
      [['train', '--test-data', csv, '--record', csv], `unrolled train: --record ${csv} is the same file as --test-data ${csv}; writing it would destroy the input, so give another file name`],
      [['predict', '--model', ck, '--record', ck], `unrolled predict: --record ${ck} is the same file as --model ${ck}; writing it would destroy the input, so give another file name`],
      [['train', '--save', ck, '--record', ck], `unrolled train: --record and --save name the same file ${ck}; give two different files`],
    ] as const) {
      const t0 = performance.now();
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.deepEqual(r.stderr, [line]);
      assert.deepEqual(r.stdout, [], 'nothing ran');
      assert.ok(performance.now() - t0 < 1000, 'refused before any work');
    }
    assert.equal(readFileSync(csv, 'utf8'), before);
  });

  it('case 3: a missing folder or a file as folder for --save is refused before training, exit 2', async () => {
    for (const [save, reason] of [
      [path.join(dir, 'no-such', 'm.json'), `the folder ${path.join(dir, 'no-such')} does not exist (ENOENT)`],
      [path.join(csv, 'm.json'), `${csv} is not a folder (ENOTDIR)`],
    ] as const) {
      const r = await run(['train', '--data', csv, '--save', save]);
      assert.equal(r.code, 2);
      assert.deepEqual(r.stderr, [`unrolled train: --save: cannot write the checkpoint ${save}: ${reason} (checked before starting, nothing was run)`]);
      assert.deepEqual(r.stdout, []);
    }
  });

  it('case 3: a read-only folder for --save is refused before training (as an unprivileged user)', () => {
    const ro = path.join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'train', '--save', path.join(ro, 'm.json')], {
      cwd: root, encoding: 'utf8', env: { ...process.env, HOME: tmpdir() }, ...asNobody,
    });
    assert.equal(r.stderr, `unrolled train: --save: cannot write the checkpoint ${path.join(ro, 'm.json')}: permission denied (EACCES) (checked before starting, nothing was run)\n`);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
  });

  it('case 3: a checkpoint that would pass the size limit is refused before training', async () => {
    // 2,000-d vectors for the embedded reviews' words: a checkpoint beyond the ~512 MB a string may hold.
    const words = readFileSync(path.join(root, 'data/imdb_subset.csv'), 'utf8').toLowerCase().match(/[a-z]+/g) ?? [];
    const glove = path.join(dir, 'wide.txt');
    writeFileSync(glove, [...new Set(words)].slice(0, 20).map((w) => `${w} ${'0.5 '.repeat(2000).trim()}`).join('\n'));
    const r = await run(['train', '--glove', glove, '--vocab-size', '1000000', '--save', path.join(dir, 'huge.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr.at(-1) ?? '', /^unrolled train: the checkpoint .*huge\.json could be up to \d+\.\d GB \([\d,]+ weights\), more than the 536\.9 MB a checkpoint may have to be read back; .*\(checked before training\)$/);
    assert.ok(!r.stdout.some((l) => /^Epoch/.test(l)), 'no epoch ran');
  });

  it('case 5: configurations inside the flag ranges that cannot fit are refused at once with the figure and the limit', async () => {
    for (const [flags, need] of [
      [['--batch', '1024', '--hidden', '512', '--layers', '4', '--seq-length', '1000'], '12.6 GB'],
      [['--batch', '1600', '--hidden', '1024', '--layers', '8', '--seq-length', '5000'], '196.6 GB'],
    ] as const) {
      const t0 = performance.now();
      const r = await run(['train', ...flags]);
      assert.equal(r.code, 1);
      assert.deepEqual(r.stderr, [`unrolled train: ${flags.join(' ')} needs ${need} of WebAssembly memory for one layer's batch (batch × seq-length × hidden values for BPTT), more than the limit of 2.1 GB; make --batch, --seq-length or --hidden smaller`]);
      assert.ok(performance.now() - t0 < 2000);
    }
  });

  it('case 4: piped into head, the CLI ends quietly (no stack trace) with the SIGPIPE status', () => {
    const sentence = Array.from({ length: 3000 }, () => 'word').join(' ');
    const r = spawnSync('bash', ['-c', `node --import tsx src/cli/main.ts step --sentence "${sentence}" 2>"${dir}/err.txt" | head -n 1; echo "status \${PIPESTATUS[0]}"`], { cwd: root, encoding: 'utf8' });
    assert.equal(r.stdout, 'Step-by-Step Forward Pass:\nstatus 141\n');
    assert.equal(readFileSync(path.join(dir, 'err.txt'), 'utf8'), '');
  });

  it('case 4: a long epoch prints how far it is on stderr when nothing was printed for a while', async () => {
    async function* slowEpoch(): AsyncGenerator<DemoEvent> {
      for (let b = 1; b <= 4; b++) {
        await new Promise((r) => setTimeout(r, 30));
        yield { type: 'batch', epoch: 1, batch: b, batches: 4, loss: 0.5, acc: 50, gradNorm: 1, clipped: false, skipped: false };
      }
      yield { type: 'epoch', epoch: 1, epochs: 1, loss: 0.5, acc: 50, seconds: 0.1 };
    }
    const io = memoryIO();
    await consumeDemo(slowEpoch(), { flags: {}, positionals: [], help: false, json: false }, io, undefined, 20);
    assert.deepEqual(io.stderr, [1, 2, 3, 4].map((b) => `Epoch 1: batch ${b}/4 (${b * 25} %), loss 0.5000`));
    assert.deepEqual(io.stdout, ['Epoch 1/1, Loss: 0.5000, Acc: 50.00%']);
  });

  it('case 4: --data /dev/zero ends with a clear error, not a growing memory', async () => {
    const r = await run(['train', '--data', '/dev/zero']);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr, ['unrolled train: /dev/zero:1: line 1 is longer than 4 MB (no line break); this does not look like a reviews CSV.']);
  });

  it('case 6: a weight of 1e39 (infinite in float32), Infinity and an unknown meta.readout are refused, naming them', async () => {
    const cases: Array<[string, string]> = [
      [checkpoint('big.json', (j) => { j.weights['rnn_cells.0.h2h.weight'].data[3] = 1e39; }),
        'weight "rnn_cells.0.h2h.weight" value 3 (1e+39) is too large for float32 (the largest is about 3.4e38; it would become Infinity)'],
      [checkpoint('inf.json', (j) => { (j.weights['fc_out.bias'].data as unknown[])[1] = '__INF__'; }),
        'weight "fc_out.bias" value 1 is not a finite number (Infinity)'],
      [checkpoint('bogus.json', (j) => { j.meta = { readout: 'bogus' }; }), 'meta.readout "bogus" is not one of final, last-token, mean'],
    ];
    for (const [file, why] of cases) {
      const r = await run(['predict', '--model', file, '--text', 'good film']);
      assert.equal(r.code, 1);
      assert.deepEqual(r.stderr, [`unrolled predict: ${file}: ${why}`]);
      assert.deepEqual(r.stdout, []);
    }
  });

  it('case 7: a text with no readable word gets a message, not a label; analyze refuses an empty text', async () => {
    const ck = checkpoint('ok.json');
    for (const text of ['😀😀 你好 !!! ...', 'unknown words only']) {
      const r = await run(['predict', '--model', ck, '--text', text]);
      assert.equal(r.code, 1, text);
      assert.ok(!r.stdout.some((l) => /Prediction|Confidence/.test(l)), r.stdout.join('\n'));
      assert.match(r.stderr[0] ?? '', text.startsWith('😀')
        ? /^unrolled predict: the text has no word the model can read: it reads English words \(letters a–z\), and emoji, characters of other scripts such as Chinese, digits and punctuation are not words to it; so there is no prediction$/
        : /^unrolled predict: none of the text's 3 words \(unknown, words, only\) is among the 3 words the model learnt, so it would read only padding; so there is no prediction$/);
      const a = await run(['analyze', '--model', ck, '--text', text]);
      assert.equal(a.code, 1);
      assert.equal(a.stderr[0], r.stderr[0].replace('unrolled predict', 'unrolled analyze'));
    }
    const empty = await run(['analyze', '--model', ck, '--text', '  ']);
    assert.equal(empty.code, 2);
    assert.deepEqual(empty.stderr, ['unrolled analyze: the text is empty']);
    const good = await run(['predict', '--model', ck, '--text', 'good film']);
    assert.equal(good.code, 0);
    assert.match(good.stdout.join('\n'), /Prediction: (Positive|Negative) \(Confidence: 0\.\d+\)/);
  });
});
