import { strict as assert } from 'node:assert';
import { layoutNetwork, unitGrid, hitTest, unitOffset, effectiveZoom, MARGIN_LEFT, type LayoutInput } from './layout';

function input(over: Partial<LayoutInput> = {}): LayoutInput {
  const steps = over.steps ?? 100;
  return {
    layers: 2, steps, units: 64, tokens: Array.from({ length: steps }, (_, i) => `w${i}`),
    unknown: Array.from({ length: steps }, (_, i) => i === 3), length: 40, readout: 'final', hasGrad: true, ...over,
  };
}

describe('webview model: unrolled network layout', () => {
  it('has one column per timestep and one cell per layer and timestep', () => {
    const l = layoutNetwork(input());
    assert.equal(l.columns.length, 100);
    assert.equal(l.cells.length, 200);
    assert.deepEqual(l.grid, { cols: 8, rows: 8 });
    assert.equal(l.columns[3].unknown, true);
    assert.equal(l.columns[39].pad, false);
    assert.equal(l.columns[40].pad, true);
    assert.equal(l.gradRows.length, 2);
  });
  it('draws every arrow kind: x_t→h_t, h_{t-1}→h_t, layer→layer, readout→output', () => {
    const l = layoutNetwork(input());
    const count = (k: string) => l.arrows.filter((a) => a.kind === k).length;
    assert.equal(count('input'), 100);
    assert.equal(count('recurrent'), 99 * 2);
    assert.equal(count('layer'), 100);
    assert.equal(count('readout'), 1);
    const r = l.arrows.find((a) => a.kind === 'readout')!;
    assert.equal(r.t, 99, 'the notebook readout reads the state after the padding');
    assert.equal(l.readoutInput, null);
    assert.equal(l.readoutReadyAt, 99);
    // recurrent arrows go left to right between neighbouring cells
    const rec = l.arrows.find((a) => a.kind === 'recurrent' && a.t === 5)!;
    assert.ok(rec.x1 < rec.x2 && rec.x2 <= l.cells.find((c) => c.t === 5)!.x);
  });
  it('reads out at length-1 for last-token and over every real token for mean', () => {
    assert.deepEqual(layoutNetwork(input({ readout: 'last-token' })).readoutFrom, [39]);
    const m = layoutNetwork(input({ readout: 'mean', length: 3, steps: 5 }));
    assert.deepEqual(m.readoutFrom, [0, 1, 2]);
    assert.equal(m.arrows.filter((a) => a.kind === 'readout').length, 3);
  });
  it('draws the simple RNN\'s output from x_{T-1} and h_{T-2} (output = h2o([x_t ; h_{t-1}])), not from h_{T-1}', () => {
    const l = layoutNetwork(input({ layers: 1, units: 10, steps: 7, length: 7, readout: 'simple' }));
    assert.deepEqual(l.readoutFrom, [5]);
    assert.equal(l.readoutInput, 6);
    assert.equal(l.readoutReadyAt, 6, 'the output exists once step 6 is computed');
    const ro = l.arrows.filter((a) => a.kind === 'readout');
    assert.equal(ro.length, 2);
    const fromH = ro.find((a) => !a.via)!, fromX = ro.find((a) => a.via)!;
    const c5 = l.cells.find((c) => c.t === 5)!, c6 = l.cells.find((c) => c.t === 6)!;
    assert.equal(fromH.x1, c5.x + l.cellW / 2, 'one arrow leaves the top of h_5');
    assert.equal(fromH.y1, c5.y - 2);
    assert.ok(fromX.y1 > l.inputY && fromX.y1 < l.inputY + 14, 'the other leaves x_6');
    // It goes round h_6 (to the right of its cell), never through it, and up into the output box.
    const bendX = fromX.via![0].x;
    assert.ok(fromX.x1 >= c6.x + l.cellW && bendX > c6.x + l.cellW && fromX.x2 === bendX);
    for (const a of ro) {
      assert.equal(a.y2, l.output.y + l.output.h + 2);
      assert.ok(a.x2 >= l.output.x && a.x2 <= l.output.x + l.output.w, 'both arrows end on the output box');
    }
    // No arrow leaves h_6 upwards.
    assert.ok(!ro.some((a) => a.x1 === c6.x + l.cellW / 2 && a.y1 === c6.y - 2));
    assert.ok(l.width >= bendX);
  });
  it('finds the cell, unit and token under the pointer', () => {
    const l = layoutNetwork(input());
    const c = l.cells.find((k) => k.t === 7 && k.layer === 1)!;
    const o = unitOffset(l, 10);
    assert.deepEqual(hitTest(l, c.x + o.x + 1, c.y + o.y + 1), { kind: 'cell', layer: 1, t: 7, unit: 10 });
    assert.deepEqual(hitTest(l, l.columns[12].x, l.tokenY + 5), { kind: 'token', t: 12 });
    assert.deepEqual(hitTest(l, l.columns[12].x, l.gradRows[0].y + 3), { kind: 'grad', layer: 1, t: 12 });
    assert.equal(hitTest(l, MARGIN_LEFT - 5, c.y + 2), null);
  });
  it('adds a running-probability row under the tokens when asked', () => {
    const l = layoutNetwork(input({ hasProb: true }));
    assert.ok(l.probRow && l.probRow.y > l.tokenY && l.probRow.y + l.probRow.h < l.gradRows[0].y);
    assert.deepEqual(hitTest(l, l.columns[4].x, l.probRow!.y + 5), { kind: 'prob', t: 4 });
    assert.equal(layoutNetwork(input()).probRow, null);
  });
  it('fits odd unit counts and rejects an empty snapshot', () => {
    assert.deepEqual(unitGrid(10), { cols: 4, rows: 3 });
    assert.deepEqual(unitGrid(1), { cols: 1, rows: 1 });
    const l = layoutNetwork(input({ units: 10, layers: 1, steps: 7, length: 7, hasGrad: false }));
    assert.equal(l.gradRows.length, 0);
    assert.equal(l.cellW, 4 * l.unitPx);
    assert.throws(() => layoutNetwork(input({ steps: 0 })), /empty snapshot/);
  });
  it('at 100 % fits a drawing that overflows its box by a little, and scrolls one that overflows by a lot', () => {
    assert.equal(effectiveZoom(1, 800, 1000), 1, 'fits already');
    assert.equal(effectiveZoom(1, 1000, 972), 968 / 1000, '32 px over: fitted, so no column hides under the pinned labels');
    assert.equal(effectiveZoom(1, 6000, 980), 1, 'a long sequence still scrolls at 100 %');
    assert.equal(effectiveZoom(2, 1000, 972), 2, 'other zooms are kept');
    assert.equal(effectiveZoom(0, 6000, 980), 976 / 6000, 'fit');
    assert.equal(effectiveZoom(0, 100000, 980), 0.15, 'fit is floored');
    assert.equal(effectiveZoom(1, 1000, 0), 1, 'a hidden box (width 0) keeps 100 %');
  });
  it('gives the gradient strip room for the fade and P(positive) a scale', () => {
    const l = layoutNetwork(input({ hasProb: true }));
    assert.ok(l.gradRows.every((r) => r.h >= 80), 'two gradient rows of at least 80 px');
    assert.ok(layoutNetwork(input({ layers: 1 })).gradRows[0].h >= 100, 'one gradient row of 100 px');
    assert.ok(l.probRow && l.probRow.h >= 36);
  });
});
