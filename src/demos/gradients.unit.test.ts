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
  // Both seeds give a huge but finite norm (1234: 6.8e19 in total, 7: 1.3e14); the non-finite case is the 200-token test below.
  for (const seed of [1234, 7]) {
    it(`explode (seed ${seed}): the norm before clipping is huge but finite, after it is 5`, async () => {
      const { events, s } = await summary(explodeDemo({ seed }));
      const clip = events.find((e) => e.type === 'clip');
      assert.ok(clip && clip.type === 'clip');
      assert.equal(s.finite, true, `seed ${seed}: total norm before clipping ${String(s.totalNormBefore)}`);
      assert.ok((s.gradNormBefore as number) > 1e4, `before ${String(s.gradNormBefore)}`);
      assert.ok((s.totalNormBefore as number) > 1e13, `total before ${String(s.totalNormBefore)}`);
      assert.ok(Math.abs((s.totalNormAfter as number) - 5) <= 1e-4, `total after ${String(s.totalNormAfter)}`);
      assert.ok((s.gradNormAfter as number) <= 5 + 1e-4);
      assert.equal(clip.skipped, false);
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
