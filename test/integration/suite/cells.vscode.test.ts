// The gated cells inside a real VS Code: Compare Cells trains tanh, GRU and LSTM side by side in the worker
// and streams them to the panel; Vanishing / Exploding Gradients with an LSTM or GRU send snapshots that say
// so and carry their gates (and the LSTM's c_t and ‖∂L/∂c_t‖).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UnrolledApi } from '../../../src/extension';
import type { RunOutcome } from '../../../src/host/controller';
import type { DemoEvent, SnapshotEvent } from '../../../src/shared/events';

const EXTENSION_ID = 'unrolled.unrolled';

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Unrolled gated cells', function () {
  this.timeout(300_000);
  let api: UnrolledApi;
  const eventsOf = (runId: number): DemoEvent[] => api.controller.record(runId)?.batches.flatMap((b) => b.events) ?? [];

  before(async () => {
    const ext = vscode.extensions.getExtension<UnrolledApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await vscode.commands.executeCommand('unrolled.openVisualizer');
    const panel = api.panel();
    assert.ok(panel);
    await waitFor(() => panel.isReady, 30_000, 'the webview\'s ready message');
  });

  it('Compare Cells trains tanh, GRU and LSTM side by side and sends the panel every figure', async () => {
    const posted = api.panel()?.posted ?? 0;
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.compareCells', { epochs: 1, reviews: 200, hidden: 16, force: true });
    assert.equal(r.status, 'done', r.message);
    const rec = api.controller.record(r.runId);
    assert.ok(rec);
    assert.equal(rec.demo, 'compare-cells');
    assert.deepEqual(rec.status.series, ['tanh', 'gru', 'lstm']);
    const end = eventsOf(r.runId).find((e) => e.type === 'demo-end');
    assert.ok(end?.type === 'demo-end');
    const rows = end.summary.cells as Array<{
      cell: string; firstTokenGradLong: number; firstTokenGradShort: number; testAcc: number; secondsPerEpoch: number;
    }>;
    assert.deepEqual(rows.map((x) => x.cell), ['tanh', 'gru', 'lstm']);
    for (const row of rows) {
      assert.ok(row.firstTokenGradLong > 0 && Number.isFinite(row.firstTokenGradLong), `${row.cell}: long ${row.firstTokenGradLong}`);
      assert.ok(row.firstTokenGradShort > row.firstTokenGradLong, `${row.cell}: short ${row.firstTokenGradShort} vs long ${row.firstTokenGradLong}`);
      assert.ok(row.testAcc >= 0 && row.testAcc <= 100, `${row.cell}: test accuracy ${row.testAcc}`);
      assert.ok(row.secondsPerEpoch > 0, `${row.cell}: ${row.secondsPerEpoch} s/epoch`);
      assert.equal(rec.status.testAccBySeries?.[row.cell], row.testAcc);
    }
    assert.ok((api.panel()?.posted ?? 0) > posted, 'the panel received the run');
    console.log(`      compare-cells (1 epoch, 200 reviews, hidden 16): ${rows.map((x) => `${x.cell} long ${x.firstTokenGradLong.toExponential(2)} acc ${x.testAcc.toFixed(1)} % ${x.secondsPerEpoch.toFixed(2)} s/epoch`).join('; ')}`);
  });

  it('Vanishing Gradients with an LSTM sends snapshots labelled lstm with gates, c_t and ‖∂L/∂c_t‖', async () => {
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.vanishing', { cell: 'lstm', force: true });
    assert.equal(r.status, 'done', r.message);
    const snaps = eventsOf(r.runId).filter((e): e is SnapshotEvent => e.type === 'snapshot');
    assert.equal(snaps.length, 2);
    const s = snaps[0];
    assert.equal(s.activation, 'lstm');
    assert.equal(s.gates?.cell, 'lstm');
    assert.equal(s.gates?.gates, 4);
    assert.equal(s.gates?.data.length, 100 * 4 * s.hidden.units);
    assert.equal(s.cellState?.data.length, 100 * s.hidden.units);
    assert.equal(s.cellGradNorm?.length, 100);
  });

  it('Exploding Gradients with a GRU watches weight_hh and labels the snapshot gru', async () => {
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.exploding', { cell: 'gru', force: true });
    assert.equal(r.status, 'done', r.message);
    const ev = eventsOf(r.runId);
    const clip = ev.find((e) => e.type === 'clip');
    assert.ok(clip?.type === 'clip');
    assert.equal(clip.watched?.name, 'rnn_cells.0.weight_hh');
    const s = ev.find((e): e is SnapshotEvent => e.type === 'snapshot');
    assert.equal(s?.activation, 'gru');
    assert.equal(s?.gates?.gates, 3);
  });
});
