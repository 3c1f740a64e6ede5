import { strict as assert } from 'node:assert';
import type { DemoEvent } from '../shared/events';
import { explodeDemo } from './explode';
import { vanishDemo } from './vanish';
import { TextPrinter } from './text';

async function summary(gen: AsyncIterable<DemoEvent>): Promise<{ events: DemoEvent[]; s: Record<string, unknown> }> {
  const events: DemoEvent[] = [];
  for await (const e of gen) events.push(e);
  const end = events[events.length - 1];
  assert.ok(end.type === 'demo-end');
  return { events, s: end.summary };
}

describe('demos: exploding and vanishing gradients', () => {
  for (const seed of [1234, 7]) {
    it(`explode (seed ${seed}): the norm before clipping is huge, after it is at most 5 (or stated non-finite)`, async () => {
      const { events, s } = await summary(explodeDemo({ seed }));
      const clip = events.find((e) => e.type === 'clip');
      assert.ok(clip && clip.type === 'clip');
      if (s.finite) {
        assert.ok((s.gradNormBefore as number) > 1e4, `before ${String(s.gradNormBefore)}`);
        assert.ok((s.totalNormAfter as number) <= 5 + 1e-4, `total after ${String(s.totalNormAfter)}`);
        assert.ok((s.gradNormAfter as number) <= 5 + 1e-4);
        assert.equal(clip.skipped, false);
      } else {
        assert.ok(!Number.isFinite(s.totalNormBefore as number));
        assert.equal(clip.skipped, true);
      }
    });
  }
  it('explode over 200 tokens: a non-finite norm is stated, the update skipped, and the printed lines say so in words', async () => {
    const { events, s } = await summary(explodeDemo({ seed: 1, length: 200 }));
    assert.equal(s.finite, false);
    assert.equal(s.updateSkipped, true);
    const clip = events.find((e) => e.type === 'clip');
    assert.ok(clip && clip.type === 'clip' && clip.skipped && !Number.isFinite(clip.before));
    const printer = new TextPrinter();
    const lines = events.flatMap((e) => printer.lines(e));
    const after = lines.find((l) => l.startsWith('Gradient Norm (After Clipping): '));
    assert.match(after ?? '', /not computed: the total norm is (NaN|infinite).*the update was skipped$/);
    assert.ok(!lines.some((l) => /: 0\.0000$/.test(l)), 'no silent 0');
  });
  it('vanish: the first of 100 tokens gets a far smaller gradient than the first of 4', async () => {
    const { events, s } = await summary(vanishDemo({ seed: 1234 }));
    const long = s.firstTokenGradLong as number;
    const short = s.firstTokenGradShort as number;
    assert.ok(short > 1e-3, `short ${short}`);
    assert.ok(long < short * 1e-6, `long ${long} vs short ${short}`);
    const g = s.inputGradNorm as Float32Array;
    assert.equal(g.length, 100);
    assert.ok(g[99] > g[0] * 1e6, 'the gradient decays from the last step back to the first');
    assert.equal(events.filter((e) => e.type === 'snapshot').length, 2);
  });
});
