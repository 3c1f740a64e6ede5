import assert from 'node:assert/strict';
import type { DemoEvent } from '../shared/events';
import { loadedModelText, newStatus, progressText, reduceStatus, statusBarText } from './run-status';

const batch = (epoch: number, b: number, loss: number, acc: number): DemoEvent => ({
  type: 'batch', epoch, batch: b, batches: 50, loss, acc, gradNorm: 1, clipped: false, skipped: false,
});

describe('run status', () => {
  it('follows a training run from start to test accuracy', () => {
    let s = newStatus('train');
    assert.equal(statusBarText(s).text, '$(sync~spin) Unrolled: preparing…');
    assert.deepEqual(progressText(s), { message: 'loading data…' });
    s = reduceStatus(s, { type: 'demo-start', demo: 'train', title: 't', config: { epochs: 5 } });
    s = reduceStatus(s, batch(2, 25, 0.69314, 51.25));
    assert.equal(statusBarText(s).text, '$(sync~spin) Unrolled: epoch 2/5 · batch loss 0.6931 · batch acc 51.3%');
    const p = progressText(s);
    assert.equal(p.message, 'epoch 2/5 · batch 25/50 · batch loss 0.6931');
    assert.equal(p.fraction, 75 / 250);
    s = reduceStatus(s, { type: 'eval', split: 'test', loss: 0.96, acc: 52.25 });
    s = { ...s, state: 'done' };
    assert.equal(statusBarText(s).text, '$(check) Unrolled: test acc 52.25%');
  });

  it('shows a stop and a failure', () => {
    const s = reduceStatus(newStatus('train'), batch(3, 1, 0.5, 70));
    const stopped = statusBarText({ ...s, state: 'cancelled' });
    assert.equal(stopped.text, '$(debug-stop) Unrolled: stopped at epoch 3 · model kept');
    assert.match(stopped.tooltip, /Predict Sentiment and Analyze use the model as it stood \(1 batches trained, not tested\)/);
    const early = statusBarText({ ...newStatus('train'), state: 'cancelled' });
    assert.equal(early.text, '$(debug-stop) Unrolled: stopped at epoch 0');
    assert.match(early.tooltip, /keep using the model from Train on IMDB or Load Checkpoint/);
    const e = statusBarText({ ...s, state: 'error', message: 'data.csv:4: bad label' });
    assert.equal(e.text, '$(error) Unrolled: failed');
    assert.match(e.tooltip, /data.csv:4: bad label/);
  });

  it('names the model Predict and Analyze use: the trained one with its readout, or the best of the window', () => {
    let t = reduceStatus(newStatus('train'), { type: 'demo-start', demo: 'train', title: 't', config: { epochs: 5, readout: 'final' } });
    t = { ...reduceStatus(t, { type: 'eval', split: 'test', loss: 0.9, acc: 52.25 }), state: 'done' };
    assert.equal(statusBarText(t).text, '$(check) Unrolled: test acc 52.25% · readout final');
    assert.match(statusBarText(t).tooltip, /Predict Sentiment and Analyze use this model \(readout final\)/);
    let c = reduceStatus(newStatus('compare'), { type: 'demo-start', demo: 'compare', title: 'c', config: { epochs: 1 } });
    c = reduceStatus(c, { type: 'eval', series: 'final', split: 'test', loss: 0.9, acc: 52.25 });
    c = { ...reduceStatus(c, { type: 'eval', series: 'mean', split: 'test', loss: 0.6, acc: 71.25 }), state: 'done' };
    assert.equal(statusBarText(c).text, '$(check) Unrolled: test acc final 52.25% vs mean 71.25%');
    assert.match(statusBarText(c).tooltip, /trained two models\. Predict Sentiment and Analyze use the best-scoring model trained in this window\./);
    // once the worker says which model answers, the tooltip names it (Train's or Compare's)
    const inUse = 'the model with 2 layers × 64 units, readout mean, test accuracy 71.25 %';
    assert.match(statusBarText(c, inUse).tooltip, /trained two models\. Predict Sentiment and Analyze use the model with 2 layers × 64 units, readout mean, test accuracy 71\.25 %\. Click/);
    assert.match(statusBarText(t, inUse).tooltip, /^Predict Sentiment and Analyze use the model with .*readout mean, test accuracy 71\.25 %\. Click/);
    let cc = reduceStatus(newStatus('compare-cells'), { type: 'demo-start', demo: 'compare-cells', title: 'c', config: { epochs: 1 } });
    assert.match(statusBarText(cc).tooltip, /training the tanh, GRU and LSTM cells side by side/);
    for (const [series, acc] of [['tanh', 50.5], ['gru', 61.25], ['lstm', 64]] as const) cc = reduceStatus(cc, { type: 'eval', series, split: 'test', loss: 0.7, acc });
    cc = { ...cc, state: 'done' };
    assert.equal(statusBarText(cc).text, '$(check) Unrolled: test acc tanh 50.50% vs gru 61.25% vs lstm 64.00%');
    assert.match(statusBarText(cc).tooltip, /^Compare Cells trained 3 models of its own\..*keep using the model from Train on IMDB.*comparison/);
    const l = loadedModelText('model.json', '2 layers × 64 units, embedding 100d, vocabulary 5,001 words, 100 positions, readout mean');
    assert.equal(l.text, '$(package) Unrolled: model loaded · readout mean');
    assert.match(l.tooltip, /^Predict Sentiment and Analyze use model.json: 2 layers/);
  });

  it('the status bar and the notification say the same loss at every moment of a run (batch, then the epoch mean)', () => {
    // Issue 13: the two showed 0.609 and 0.5938 at once. Every event of two epochs, both texts checked after each.
    let s = reduceStatus(newStatus('train'), { type: 'demo-start', demo: 'train', title: 't', config: { epochs: 2 } });
    const events: DemoEvent[] = [];
    for (const e of [1, 2]) {
      for (let b = 1; b <= 50; b++) events.push(batch(e, b, 0.7 - 0.001 * b - 0.05 * e + 0.0137 * Math.sin(b), 50 + b / 3));
      events.push({ type: 'epoch', epoch: e, epochs: 2, loss: 0.5938 + e / 100, acc: 61.5, seconds: 1 });
    }
    const figure = (t: string) => /(?:batch|epoch \d+) loss [\d.]+/.exec(t)?.[0];
    for (const ev of events) {
      s = reduceStatus(s, ev);
      const bar = figure(statusBarText(s).text), note = figure(progressText(s).message);
      assert.ok(bar && bar === note, `${ev.type}: status bar “${bar}” vs notification “${note}”`);
      assert.ok(bar.endsWith((ev.type === 'epoch' || ev.type === 'batch' ? ev.loss : NaN).toFixed(4)), `${bar} is the event's loss`);
    }
    assert.equal(figure(statusBarText(s).text), 'epoch 2 loss 0.6138');
  });

  it('says NaN loss in words, not as a silent number', () => {
    const s = reduceStatus(newStatus('train'), batch(1, 1, Number.NaN, 50));
    assert.match(statusBarText(s).text, /loss NaN/);
  });

  it('remembers each series of a side-by-side run once', () => {
    let s = newStatus('compare');
    for (const series of ['final', 'mean', 'final']) s = reduceStatus(s, { ...batch(1, 1, 0.7, 50), series } as DemoEvent);
    assert.deepEqual(s.series, ['final', 'mean']);
  });
});
