import { strict as assert } from 'node:assert';
import { emptyRun, applyEvents } from './store';
import { cellsChart } from './cells-compare';
import { dashboard } from './dashboard';

const row = (cell: string, long: number, short: number, grads: number[], extra: Record<string, unknown> = {}) => ({
  cell, firstTokenGradLong: long, firstTokenGradShort: short, testAcc: 70, secondsPerEpoch: 3, inputGradNorm: grads, ...extra,
});

describe('webview model: Compare Cells on one log axis', () => {
  it('one line per cell from the summary, the first-token figures as given, one axis of whole decades over all of them', () => {
    const run = applyEvents(emptyRun(1, 'compare-cells'), [
      { type: 'demo-start', demo: 'compare-cells', title: 'Compare cells', config: { longLength: 4, shortLength: 2 } },
      { type: 'demo-end', demo: 'compare-cells', summary: {
        cells: [
          row('tanh', 1.2e-17, 0.08, [1.2e-17, 3e-9, 0, 0.2]),
          row('lstm', 1.9e-8, 0.034, [1.9e-8, 1e-5, 1e-3, 0.3], { keepGate: 'f', keepGateMean: 0.7265 }),
        ],
        reading: ['lstm helps: its first token gets 1.6e-9 × …'],
      } },
    ]);
    const c = cellsChart(run);
    assert.ok(c);
    assert.deepEqual(c.lines.map((l) => l.cell), ['tanh', 'lstm']);
    // the exact 0 at t = 2 is left out of the log line (a gap), the rest kept with its position
    assert.deepEqual(c.lines[0].points, [{ t: 0, v: 1.2e-17 }, { t: 1, v: 3e-9 }, { t: 3, v: 0.2 }]);
    assert.equal(c.lines[1].long, 1.9e-8);
    assert.equal(c.lines[1].short, 0.034);
    assert.equal(c.lines[1].keepGate, 'f');
    assert.equal(c.lines[1].keepGateMean, 0.7265);
    assert.equal(c.lines[0].keepGateMean, null);
    assert.deepEqual(c.axis, { lo: -17, hi: 0 });
    assert.equal(c.longLength, 4);
    assert.equal(c.shortLength, 2);
    assert.deepEqual(c.reading, ['lstm helps: its first token gets 1.6e−9 × …']);
    assert.equal(dashboard(run).cellsChart?.lines.length, 2);
  });

  it('null for another demo, before the end, or with no usable rows', () => {
    assert.equal(cellsChart(applyEvents(emptyRun(2, 'compare-cells'), [])), null);
    assert.equal(cellsChart(applyEvents(emptyRun(3, 'compare'), [{ type: 'demo-end', demo: 'compare', summary: { cells: [row('tanh', 1, 1, [1])] } }])), null);
    assert.equal(cellsChart(applyEvents(emptyRun(4, 'compare-cells'), [{ type: 'demo-end', demo: 'compare-cells', summary: { cells: [{ cell: 3 }] } }])), null);
  });
});
