import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeRecording } from '../demos/recording';
import { memoryIO } from './io';
import { runCli } from './run';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-cli-'));

/** The CLI as a user runs it: a separate process (from the sources, through tsx). */
function cli(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root, encoding: 'utf8', input, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: unrolled', function () {
  this.timeout(120_000);

  it('every command has --help', async () => {
    for (const cmd of ['step', 'train', 'predict', 'explode', 'vanish', 'jacobian', 'compare', 'compare-cells', 'analyze', 'verify', 'bench', 'replay']) {
      const io = memoryIO();
      assert.equal(await runCli([cmd, '--help'], io), 0, cmd);
      assert.match(io.stdout.join('\n'), new RegExp(`^Usage: unrolled ${cmd}`), cmd);
      assert.match(io.stdout.join('\n'), /--json/);
    }
  });

  /** In-process: exit code and every line written. */
  async function run(args: readonly string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
    const io = memoryIO();
    const code = await runCli(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  }

  it('a bad flag value as a user meets it (a separate process): one line on stderr, exit 2', () => {
    const r = cli(['train', '--epochs', 'five']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'unrolled train: --epochs must be an integer, not "five"\n');
    assert.equal(r.stdout, '');
  });

  it('a bad flag value, an unknown flag or command: one line on stderr, exit 2', async () => {
    for (const [args, line] of [
      [['train', '--epochs', 'five'], 'unrolled train: --epochs must be an integer, not "five"'],
      [['train', '--readout', 'middle'], 'unrolled train: --readout must be one of final, last-token, mean, not "middle"'],
      [['explode', '--seed', '-3'], 'unrolled explode: --seed must be at least 0, not -3'],
      [['step', '--hiden', '3'], 'unrolled step: unknown option --hiden (see unrolled step --help)'],
      [['predict', '--text', 'hi'], 'unrolled predict: --model is required (see unrolled predict --help)'],
      [['fly'], 'unrolled: unknown command "fly" (commands: step, train, predict, explode, vanish, jacobian, compare, compare-cells, analyze, verify, bench, replay)'],
    ] as const) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.deepEqual(r.stderr, [line]);
      assert.deepEqual(r.stdout, []);
    }
  });

  it('a missing file or a malformed CSV or checkpoint: one line naming the file, exit 1', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'text,label\nnice film,positive\n');
    const badModel = path.join(dir, 'model.json');
    writeFileSync(badModel, '{"format":"unrolled-checkpoint","version":1,"model":{"kind":"unrolled-rnn"}}');
    for (const [args, re] of [
      [['train', '--data', path.join(dir, 'nope.csv')], /^unrolled train: .*nope\.csv: no such file\.\n$/],
      [['train', '--data', bad], /^unrolled train: .*bad\.csv:1: the header must name the columns "review" and "sentiment"; found "text,label"\.\n$/],
      [['predict', '--model', path.join(dir, 'none.json')], /^unrolled predict: checkpoint .*none\.json: no such file\n$/],
      [['predict', '--model', badModel], /^unrolled predict: .*model\.json: model\.vocabSize must be a positive integer, got undefined\n$/],
      [['verify', path.join(dir, 'missing.json')], /^unrolled verify: fixture .*missing\.json: no such file\n$/],
    ] as const) {
      const r = await run(args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr.join('\n')}`);
      assert.equal(r.stderr.length, 1, r.stderr.join('\n'));
      assert.match(r.stderr[0] + '\n', re);
    }
  });

  it('explode --json: the last stdout line is one JSON object with the figures; --record writes a replayable stream', () => {
    const rec = path.join(dir, 'explode.json');
    const r = cli(['explode', '--seed', '1234', '--json', '--record', rec]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.some((l) => l.startsWith('Gradient Norm (Before Clipping): ')));
    const json = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    for (const k of ['gradNormBefore', 'gradNormAfter', 'maxNorm', 'finite']) assert.ok(k in json, k);
    assert.equal(json.maxNorm, 5);
    const decoded = decodeRecording(readFileSync(rec, 'utf8'));
    assert.equal(decoded.demo, 'explode');
    assert.ok(decoded.events.some((e) => e.type === 'snapshot' && e.hidden.data instanceof Float32Array));
    const replay = cli(['replay', rec]);
    assert.equal(replay.code, 0);
    assert.ok(replay.stdout.includes(lines.find((l) => l.startsWith('Gradient Norm (Before')) as string));
  });

  it('step --json carries words, hidden, logits, loss, i2hGradNorm, weightChange', async () => {
    const io = memoryIO();
    assert.equal(await runCli(['step', '--hidden', '4', '--json'], io), 0);
    const json = JSON.parse(io.stdout[io.stdout.length - 1]) as Record<string, unknown>;
    assert.deepEqual(json.words, 'this movie was absolutely amazing and wonderful'.split(' '));
    assert.equal((json.hidden as number[][]).length, 7);
    assert.equal((json.hidden as number[][])[0].length, 4);
    assert.equal((json.logits as number[][])[6].length, 2);
    for (const k of ['loss', 'i2hGradNorm', 'weightChange']) assert.equal(typeof json[k], 'number', k);
    assert.ok(io.stdout.includes('Optimization step complete.'));
  });

  it('jacobian --json: [layer][t] norms, products, saturation and W_hh singular values, equal to the printed table', async () => {
    const r = await run(['jacobian', '--length', '6', '--layers', '2', '--hidden', '8', '--std', '0.5', '--scale', '2', '--json']);
    assert.equal(r.code, 0, r.stderr.join('\n'));
    const json = JSON.parse(r.stdout[r.stdout.length - 1]) as Record<string, number[][]>;
    for (const k of ['jacobianNorm', 'productNorm', 'saturated']) {
      assert.equal(json[k].length, 2, k);
      assert.equal(json[k][1].length, 6, k);
    }
    assert.equal(json.whhSingularValues[0].length, 8);
    assert.equal(json.productNorm[0][0], 1);
    assert.ok(Math.abs(json.productNorm[0][1] - json.jacobianNorm[0][1]) < 1e-9 * json.jacobianNorm[0][1], 'the product of one factor is that factor');
    // the table's row t=3 of layer 1 shows the JSON's numbers
    const rows = r.stdout.filter((l) => /^\s+3\s/.test(l));
    assert.equal(rows.length, 2);
    assert.equal(Number(rows[1].trim().split(/\s+/)[1]).toPrecision(4), json.jacobianNorm[1][3].toPrecision(4));
    assert.ok(r.stdout.some((l) => l.includes('Layer 1: W_hh singular values')));
    const bad = await run(['jacobian', '--scale', 'big']);
    assert.equal(bad.code, 2);
    assert.deepEqual(bad.stderr, ['unrolled jacobian: --scale must be a finite number, not "big"']);
  });

  it('verify passes the PyTorch fixtures', async () => {
    for (const f of ['unrolled-rnn.json', 'simple-rnn.json', 'tanh-jacobian.json']) {
      const io = memoryIO();
      const code = await runCli(['verify', path.join(root, 'src/engine/testdata', f), '--json'], io);
      const json = JSON.parse(io.stdout[io.stdout.length - 1]) as { ok: boolean; maxAbsErr: number; maxRelErr: number };
      assert.equal(code, 0, io.stderr.join('\n'));
      assert.equal(json.ok, true);
      assert.ok(json.maxAbsErr <= 1e-4);
    }
  });
});
