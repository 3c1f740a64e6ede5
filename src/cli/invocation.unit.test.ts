import { strict as assert } from 'node:assert';
import { memoryIO } from './io';
import { InvocationError, parseInvocation, quoteWord, splitWords } from './invocation';
import { runCli } from './run';

function problem(text: string, lesson = true): InvocationError {
  try {
    parseInvocation(text, { lesson });
  } catch (e) {
    assert.ok(e instanceof InvocationError, `expected an InvocationError, got ${String(e)}`);
    return e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('cli invocation: one grammar for the CLI and lesson cells', () => {
  it('splits words as a shell does: quotes, escapes, comments', () => {
    const w = splitWords(`step --sentence "it was \\"great\\", said she"  --seed '12'  # the notebook's\n`);
    assert.deepEqual(w.map((x) => x.value), ['step', '--sentence', 'it was "great", said she', '--seed', '12']);
    assert.deepEqual(w.map((x) => x.offset), [0, 5, 16, 46, 53]);
    assert.deepEqual(splitWords(`a\\ b 'x"y' "" c\\\nd`).map((x) => x.value), ['a b', 'x"y', '', 'cd']);
    assert.deepEqual(splitWords('predict --text "\'single\' inside $HOME *"').map((x) => x.value), ['predict', '--text', "'single' inside $HOME *"]);
  });

  it('parses with the CLI\'s specs: defaults filled, camelCase keys, a leading "unrolled" allowed', () => {
    const inv = parseInvocation('unrolled train --epochs 2 --readout mean --seq-length=50');
    assert.equal(inv.command, 'train');
    assert.equal(inv.args.flags.epochs, 2);
    assert.equal(inv.args.flags.readout, 'mean');
    assert.equal(inv.args.flags.seqLength, 50);
    assert.equal(inv.args.flags.lr, 0.001, 'the notebook default');
    assert.equal(parseInvocation('vanish --std 0.25').args.flags.std, 0.25);
    assert.equal(parseInvocation('vanish').args.flags.std, 0.1);
    assert.equal(parseInvocation('explode').args.flags.std, 2);
  });

  it('errors name the problem and the column', () => {
    assert.equal(problem('train --epochs two').message, 'unrolled train: --epochs must be an integer, not "two" (column 16)');
    assert.equal(problem('train --epochs=two').message, 'unrolled train: --epochs must be an integer, not "two" (column 7)');
    assert.equal(problem('step  --hiden 3').message, 'unrolled step: unknown option --hiden (see unrolled step --help) (column 7)');
    assert.equal(problem('fly --high').message, 'unrolled: unknown command "fly" (commands: step, train, predict, explode, vanish, jacobian, compare, compare-cells, analyze, verify, bench, replay) (column 1)');
    assert.equal(problem('step --sentence "never closed').message, 'unterminated " quote (column 17)');
    assert.equal(problem("step --sentence 'never").message, "unterminated ' quote (column 17)");
    assert.equal(problem('train --epochs 1 --epochs 2').message, 'unrolled train: --epochs given twice (column 18)');
    assert.equal(problem('train --readout').message, 'unrolled train: --readout needs a value (final|last-token|mean) (column 7)');
    assert.equal(problem('step extra').message, 'unrolled step: unexpected argument "extra" (column 6)');
    const e = problem('train\n  --epochs 0');
    assert.equal(e.message, 'unrolled train: --epochs must be at least 1, not 0 (line 2, column 12)');
    assert.equal(e.line, 2);
    assert.equal(e.column, 12);
    assert.equal(problem('   ').message, 'no command: write one of step, train, predict, explode, vanish, compare, analyze (column 4)');
  });

  it('lesson mode: demos only, --model optional, no files written, no stdin', () => {
    assert.equal(parseInvocation('predict --text "great film"', { lesson: true }).args.flags.model, undefined);
    assert.equal(problem('verify fixture.json').message, 'unrolled verify is not a demo: a lesson cell runs one of step, train, predict, explode, vanish, compare, analyze (column 1)');
    assert.equal(problem('train --save m.json').message, 'unrolled train: --save writes a file; a lesson cell keeps its output in the notebook instead (column 7)');
    assert.equal(problem('step --record=r.json').message, 'unrolled step: --record writes a file; a lesson cell keeps its output in the notebook instead (column 6)');
    assert.match(problem('predict --text -').message, /reads stdin.*\(column 16\)$/);
    assert.match(problem('predict --text "hi"', false).message, /--model is required .*\(column 20\)$/);
  });

  it('quoteWord round-trips through splitWords', () => {
    for (const v of ['plain', 'two words', 'say "hi"', 'back\\slash', '$HOME', '', 'l\'apostrophe']) {
      assert.deepEqual(splitWords(`x ${quoteWord(v)}`).map((w) => w.value), ['x', v]);
    }
  });

  it('the CLI parses argv with the same parseCommand (errors unchanged)', async () => {
    const io = memoryIO();
    assert.equal(await runCli(['vanish', '--std', 'wide'], io), 2);
    assert.deepEqual(io.stderr, ['unrolled vanish: --std must be a finite number, not "wide"']);
  });
});
