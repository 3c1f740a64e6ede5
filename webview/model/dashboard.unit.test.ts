import { strict as assert } from 'node:assert';
import { emptyRun, applyEvents } from './store';
import { cellRows, dashboard, dashboardSummary, isTrainingDemo, keepTraining, trainingSource } from './dashboard';
import type { DemoEvent } from '../../src/shared/events';

function batch(series: string | undefined, epoch: number, b: number, loss: number, acc: number, gradNorm: number,
  extra: Partial<{ clipped: boolean; skipped: boolean }> = {}): DemoEvent {
  return { type: 'batch', series, epoch, batch: b, batches: 2, loss, acc, gradNorm, clipped: !!extra.clipped, skipped: !!extra.skipped };
}

describe('webview model: training dashboard', () => {
  it('places batches and epochs on one x axis in epochs, per series', () => {
    const run = applyEvents(emptyRun(1, 'compare'), [
      { type: 'demo-start', demo: 'compare', title: 'Compare', config: { epochs: 2, clip: 5 } },
      batch('final', 1, 0, 0.7, 0.5, 1.2), batch('mean', 1, 0, 0.69, 0.53, 0.9),
      batch('final', 1, 1, 0.68, 0.56, 7, { clipped: true }),
      { type: 'epoch', series: 'final', epoch: 1, epochs: 2, loss: 0.55, acc: 51.5, seconds: 3 },
      { type: 'eval', series: 'final', split: 'test', epoch: 1, loss: 0.96, acc: 52.25 },
    ]);
    const d = dashboard(run);
    assert.deepEqual(d.series.map((s) => s.name), ['final', 'mean']);
    const f = d.series[0];
    assert.deepEqual(f.batches.map((b) => b.x), [0.5, 1]);
    assert.equal(f.batches[0].acc, 50, 'fractions become percent');
    assert.equal(f.epochs[0].x, 1);
    assert.equal(f.tests[0].acc, 52.25);
    assert.equal(d.clipThreshold, 5);
    assert.equal(d.xMax, 2);
    assert.equal(d.lossMax, 0.96);
    assert.equal(d.gradMin, 0.9);
    assert.equal(d.gradMax, 7);
    assert.deepEqual(d.flags, [], 'clipping is not a warning');
    assert.deepEqual(d.clipNotes.map((n) => n.text), ['final: 1 of 2 batches was clipped: its gradient norm (7.00) was above 5, so its update was scaled down to norm 5 (▼ on the gradient chart).']);
    assert.match(d.clipNotes[0].title, /^Gradient clipping \(torch\.nn\.utils\.clip_grad_norm_\): when the total gradient norm/);
    assert.deepEqual(d.series.map((s) => s.clip), [5, null], 'the config names no preset: only the series whose batches were clipped clips');
    assert.deepEqual(f.clipMarks.map((m) => [m.x, m.gradNorm]), [[1, 7]]);
    assert.match(f.clipMarks[0].title, /^Epoch 1, batch 2: gradient norm 7\.000 > 5 — clipped: the update was scaled down to norm 5\. Gradient clipping/);
    assert.deepEqual(dashboardSummary(d), ['final: epoch 1: loss 0.5500, accuracy 51.50 %; test accuracy 52.25 %', 'mean: batch 1 of epoch 1: loss 0.6900']);
  });
  it('ends each epoch at a whole x whether batches count from 0 or from 1', () => {
    const one = applyEvents(emptyRun(3, 'train'), [batch(undefined, 1, 1, 0.7, 50, 1), batch(undefined, 1, 2, 0.6, 55, 1)]);
    assert.deepEqual(dashboard(one).series[0].batches.map((b) => b.x), [0.5, 1]);
    assert.equal(dashboardSummary(dashboard(one))[0], 'batch 2 of epoch 1: loss 0.6000');
  });
  it('flags infinite and NaN gradient norms and skipped updates in words', () => {
    const run = applyEvents(emptyRun(2, 'explode'), [
      batch(undefined, 0, 0, 0.7, 60, Infinity, { skipped: true }), batch(undefined, 0, 1, NaN, 55, NaN, { skipped: true }),
    ]);
    const d = dashboard(run);
    assert.equal(d.series[0].name, 'model');
    assert.equal(d.series[0].batches[0].acc, 60, 'percent stays percent');
    assert.deepEqual(d.flags, [
      '2 batches had a gradient norm that was infinite or NaN (not a number).',
      '2 updates were skipped because the norm was not finite.',
    ]);
    assert.equal(d.lossMax, 0.7);
  });
  it('keeps the last training run for the Training view while another demo is shown; a new training run replaces it', () => {
    const train = applyEvents(emptyRun(1, 'train', 'Train on IMDB'), [batch(undefined, 1, 0, 0.7, 0.5, 1), { type: 'epoch', epoch: 1, epochs: 1, loss: 0.6, acc: 55, seconds: 1 }]);
    train.status = 'done';
    let kept = keepTraining(null, train);
    assert.ok(kept && kept !== train, 'a copy is kept');
    assert.equal(kept!.batches.length, 1);
    assert.deepEqual(kept!.snapshots, []);
    // Step Through runs next: the Training view still shows the training run, and says so.
    const step = applyEvents(emptyRun(2, 'step', 'Step through'), []);
    const src = trainingSource(step, kept);
    assert.equal(src.run, kept);
    assert.equal(src.from, 'From the last training run: Train on IMDB');
    assert.equal(dashboard(src.run).series[0].batches.length, 1);
    // Then Predict: the step run has nothing to keep, the training run stays.
    kept = keepTraining(kept, step);
    assert.equal(trainingSource(emptyRun(3, 'predict', 'Predict'), kept).run, kept);
    // A new Compare Readouts run is shown as itself (waiting for its first batch), and replaces the kept run once replaced.
    const compare = emptyRun(4, 'compare', 'Compare readouts');
    assert.deepEqual(trainingSource(compare, kept), { run: compare, from: null, waiting: true });
    applyEvents(compare, [batch('final', 1, 0, 0.69, 0.5, 1), batch('mean', 1, 0, 0.68, 0.5, 1)]);
    compare.status = 'cancelled';
    kept = keepTraining(kept, compare);
    assert.equal(kept!.runId, 4);
    assert.equal(trainingSource(emptyRun(5, 'vanish', 'Vanishing'), kept).from, 'From the last training run: Compare readouts (stopped before the end)');
    // With nothing kept, a non-training run shows itself (the empty hint).
    assert.equal(trainingSource(step, null).run, step);
  });
  it('Compare Readouts (the recorded config): the clip threshold belongs to the improved preset only, not to the notebook run', () => {
    // As `unrolled compare` records it: one config (the improved preset's, clip 5), series "notebook (final)" and "improved (mean)".
    const cfg = { preset: 'improved', readout: 'final vs mean', clip: 5, epochs: 1 };
    const mk = (improvedClips: boolean) => dashboard(applyEvents(emptyRun(1, 'compare'), [
      { type: 'demo-start', demo: 'compare', title: 'Compare readouts', config: cfg },
      batch('notebook (final)', 1, 1, 0.7, 0.5, 0.6), batch('improved (mean)', 1, 1, 0.69, 0.5, improvedClips ? 8.0876 : 3, { clipped: improvedClips }),
      batch('notebook (final)', 1, 2, 0.7, 0.5, 0.7), batch('improved (mean)', 1, 2, 0.66, 0.6, 1.2),
    ]));
    const d = mk(true);
    assert.deepEqual(d.series.map((s) => [s.name, s.clip]), [['notebook (final)', null], ['improved (mean)', 5]]);
    assert.equal(d.clipThreshold, 5);
    assert.deepEqual(d.clipNotes.map((n) => n.text), ['improved (mean): 1 of 2 batches was clipped: its gradient norm (8.09) was above 5, so its update was scaled down to norm 5 (▼ on the gradient chart).']);
    assert.deepEqual(d.series[0].clipMarks, []);
    // The improved run clips even when no batch went over the threshold; the notebook run never does.
    const calm = mk(false);
    assert.deepEqual(calm.series.map((s) => s.clip), [null, 5]);
    assert.deepEqual(calm.clipNotes, []);
    assert.equal(calm.gradMax, 5, 'the log axis reaches the threshold that is drawn');
    // The notebook preset on its own (Train on IMDB, clip 0): no threshold anywhere.
    const train = dashboard(applyEvents(emptyRun(2, 'train'), [
      { type: 'demo-start', demo: 'train', title: 'Train', config: { preset: 'notebook', readout: 'final', clip: 0 } }, batch(undefined, 1, 1, 0.7, 0.5, 0.6),
    ]));
    assert.equal(train.series[0].clip, null);
    assert.equal(train.clipThreshold, null);
    // A single model that clips (Train with --clip 5) has its threshold whatever its name.
    const clipped = dashboard(applyEvents(emptyRun(3, 'train'), [
      { type: 'demo-start', demo: 'train', title: 'Train', config: { preset: 'improved', readout: 'mean', clip: 5 } }, batch(undefined, 1, 1, 0.7, 0.5, 0.6), batch(undefined, 1, 2, 0.7, 0.5, 6, { clipped: true }),
    ]));
    assert.equal(clipped.series[0].clip, 5);
    assert.equal(clipped.clipNotes[0].text, '1 of 2 batches was clipped: its gradient norm (6.00) was above 5, so its update was scaled down to norm 5 (▼ on the gradient chart).');
  });

  it('Compare Cells: series are cells, and its summary rows become the table (short ÷ long computed)', () => {
    const run = applyEvents(emptyRun(3, 'compare-cells'), [
      { type: 'demo-start', demo: 'compare-cells', title: 'Compare cells', config: { epochs: 1 } },
      batch('tanh', 1, 0, 0.7, 0.5, 1), batch('gru', 1, 0, 0.69, 0.55, 2), batch('lstm', 1, 0, 0.68, 0.6, 3),
    ]);
    assert.equal(isTrainingDemo('compare-cells'), true);
    let d = dashboard(run);
    assert.equal(d.seriesKind, 'cell');
    assert.deepEqual(d.series.map((s) => s.name), ['tanh', 'gru', 'lstm']);
    assert.equal(d.cells, null, 'no table before the run ends');
    applyEvents(run, [{
      type: 'demo-end', demo: 'compare-cells',
      summary: { cells: [
        { cell: 'tanh', firstTokenGradLong: 1.1e-17, firstTokenGradShort: 8.2e-2, testAcc: 52, secondsPerEpoch: 11.6 },
        { cell: 'gru', firstTokenGradLong: 1.9e-18, firstTokenGradShort: 2.3e-2, testAcc: null, secondsPerEpoch: null },
        { cell: 7 },
      ] },
    }]);
    d = dashboard(run);
    assert.deepEqual(d.cells?.map((r) => r.cell), ['tanh', 'gru']);
    assert.ok(Math.abs((d.cells?.[0].vanishing ?? 0) / (8.2e-2 / 1.1e-17) - 1) < 1e-12);
    assert.equal(d.cells?.[1].testAcc, null);
    assert.equal(cellRows(applyEvents(emptyRun(4, 'compare'), [{ type: 'demo-end', demo: 'compare', summary: { cells: [] } }])), null);
    assert.equal(dashboard(applyEvents(emptyRun(5, 'compare'), [])).seriesKind, 'readout');
  });
});
