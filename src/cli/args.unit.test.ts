import { strict as assert } from 'node:assert';
import { helpText, parseArgs, UsageError, type CommandSpec } from './args';

const SPEC: CommandSpec = {
  name: 'train',
  short: 'train',
  summary: 'Train.',
  recordable: true,
  flags: [
    { name: 'epochs', kind: 'int', default: 5, min: 1, help: 'epochs' },
    { name: 'lr', kind: 'number', default: 0.001, min: 0, minExclusive: true, help: 'learning rate' },
    { name: 'readout', kind: 'enum', choices: ['final', 'last-token', 'mean'], help: 'readout' },
    { name: 'seq-length', kind: 'int', default: 100, min: 1, help: 'positions' },
    { name: 'data', kind: 'string', arg: 'CSV', help: 'data' },
  ],
};

function usageMessage(argv: string[]): string {
  try {
    parseArgs(SPEC, argv);
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected UsageError, got ${String(e)}`);
    return e.message;
  }
  throw new Error('expected a UsageError');
}

describe('cli args', () => {
  it('fills defaults and converts values, camelCasing names', () => {
    const a = parseArgs(SPEC, ['--epochs', '3', '--seq-length=20', '--readout', 'mean', '--json']);
    assert.equal(a.flags.epochs, 3);
    assert.equal(a.flags.seqLength, 20);
    assert.equal(a.flags.lr, 0.001);
    assert.equal(a.flags.readout, 'mean');
    assert.equal(a.json, true);
    assert.equal(a.help, false);
  });
  it('takes --record FILE on recordable commands', () => {
    assert.equal(parseArgs(SPEC, ['--record', 'out.json']).record, 'out.json');
  });
  it('rejects bad values with one line naming the option and the value', () => {
    assert.equal(usageMessage(['--epochs', 'three']), 'unrolled train: --epochs must be an integer, not "three"');
    assert.equal(usageMessage(['--epochs', '2.5']), 'unrolled train: --epochs must be an integer, not "2.5"');
    assert.equal(usageMessage(['--epochs', '0']), 'unrolled train: --epochs must be at least 1, not 0');
    assert.equal(usageMessage(['--lr', '0']), 'unrolled train: --lr must be greater than 0, not 0');
    assert.equal(usageMessage(['--lr', 'NaN']), 'unrolled train: --lr must be a finite number, not "NaN"');
    assert.equal(usageMessage(['--readout', 'last']), 'unrolled train: --readout must be one of final, last-token, mean, not "last"');
    assert.equal(usageMessage(['--bogus']), 'unrolled train: unknown option --bogus (see unrolled train --help)');
    assert.equal(usageMessage(['--data']), 'unrolled train: --data needs a value (CSV)');
    assert.equal(usageMessage(['--epochs', '2', '--epochs', '3']), 'unrolled train: --epochs given twice');
    assert.equal(usageMessage(['extra']), 'unrolled train: unexpected argument "extra"');
    for (const m of [usageMessage(['--epochs', 'x']), usageMessage(['-x'])]) assert.ok(!m.includes('\n'));
  });
  it('--help skips validation of required values and lists every option with its default', () => {
    const a = parseArgs(SPEC, ['--help']);
    assert.equal(a.help, true);
    const h = helpText(SPEC);
    for (const s of ['Usage: unrolled train [options]', '--epochs N', '(default 5)', '--readout final|last-token|mean', '--record FILE', '--json', '--help']) {
      assert.ok(h.includes(s), `help lacks ${s}`);
    }
  });
  it('requires positionals and required flags', () => {
    const spec: CommandSpec = {
      name: 'verify', short: 'v', summary: 's', flags: [{ name: 'model', kind: 'string', required: true, help: 'm' }],
      positionals: [{ name: 'FIXTURE', help: 'f', required: true }],
    };
    assert.throws(() => parseArgs(spec, ['--model', 'm.json']), /unrolled verify: missing FIXTURE/);
    assert.throws(() => parseArgs(spec, ['f.json']), /unrolled verify: --model is required/);
    assert.deepEqual(parseArgs(spec, ['f.json', '--model', 'm']).positionals, ['f.json']);
  });
});
