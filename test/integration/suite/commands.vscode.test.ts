// Every Unrolled command, run inside a real VS Code the way the palette runs it (arguments only replace the
// input boxes), checking what it produced: the panel and its messages, the worker's results, the status
// bar, decorations and hover content, checkpoint files. Also measures the extension host's event-loop
// delay while training, against an idle baseline taken in the same run.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { UnrolledApi } from '../../../src/extension';
import type { RunOutcome } from '../../../src/host/controller';
import { occlusionBucket } from '../../../src/host/colours';

const EXTENSION_ID = 'unrolled.unrolled';
const SENTENCE = 'this movie was absolutely amazing and wonderful';

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** p99 event-loop delay of this (extension host) thread while idle, measured as the extension does. */
async function idleLagP99(ms: number): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  await new Promise((r) => setTimeout(r, ms));
  h.disable();
  return Math.max(0, h.percentile(99) / 1e6 - 10);
}

describe('Unrolled commands', function () {
  this.timeout(240_000);
  let api: UnrolledApi;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'unrolled-it-'));
  let trainedCheckpoint = '';

  before(async () => {
    const ext = vscode.extensions.getExtension<UnrolledApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
  });

  it('Open Visualizer opens the panel and its webview says ready', async () => {
    assert.equal(await vscode.commands.executeCommand('unrolled.openVisualizer'), true);
    const panel = api.panel();
    assert.ok(panel, 'no panel');
    await waitFor(() => panel.isReady, 30_000, 'the webview\'s ready message');
    assert.equal(panel.panel.viewType, 'unrolled.visualizer');
  });

  it('Step Through a Sentence runs the simple RNN in the worker and streams it to the panel', async () => {
    const before = api.panel()?.posted ?? 0;
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.stepThrough', { sentence: SENTENCE, force: true });
    assert.equal(r.status, 'done', r.message);
    assert.ok(api.controller.client.alive, 'the worker thread is up');
    const rec = api.controller.record(r.runId);
    assert.ok(rec);
    const events = rec.batches.flatMap((b) => b.events);
    assert.equal(events.filter((e) => e.type === 'forward-step').length, 7, 'one forward step per word');
    const loss = events.find((e) => e.type === 'loss');
    assert.ok(loss?.type === 'loss' && Number.isFinite(loss.loss) && loss.loss > 0);
    const fwd = events.find((e) => e.type === 'forward-step');
    assert.ok(fwd?.type === 'forward-step' && fwd.hidden[0] instanceof Float32Array && fwd.hidden[0].length === 10);
    assert.equal(api.controller.displayedRunId, r.runId);
    assert.ok((api.panel()?.posted ?? 0) >= before + 3, 'show-run, events and run-end were posted to the panel');
  });

  it('Predict Sentiment before any training says there is no model yet', async () => {
    const r = await vscode.commands.executeCommand<{ error?: string }>('unrolled.predict', { text: 'great film' });
    assert.match(r.error ?? '', /no trained model yet/);
  });

  it('refuses invalid settings with a message naming the setting', async () => {
    const cfg = vscode.workspace.getConfiguration('unrolled');
    await cfg.update('hiddenSize', 0, vscode.ConfigurationTarget.Workspace);
    try {
      const r = await vscode.commands.executeCommand('unrolled.train', { force: true });
      assert.equal(r, undefined, 'training did not start');
      assert.equal(api.controller.activeRun, undefined);
    } finally {
      await cfg.update('hiddenSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Train on IMDB trains in the worker, shows progress in the status bar and keeps the host responsive', async () => {
    const baseline = await idleLagP99(1500);
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.train', { epochs: 1, force: true });
    assert.equal(r.status, 'done', r.message);
    const epochs = (r.summary?.epochs ?? []) as Array<{ loss: number; acc: number }>;
    assert.equal(epochs.length, 1);
    assert.ok(epochs.every((e) => Number.isFinite(e.loss) && e.acc >= 0 && e.acc <= 100));
    assert.equal(typeof r.summary?.testAcc, 'number');
    assert.match(api.controller.statusText, /^\$\(check\) Unrolled: test acc \d+\.\d\d% · readout final$/);
    const rec = api.controller.record(r.runId);
    assert.ok(rec && rec.batches.flatMap((b) => b.events).some((e) => e.type === 'batch'), 'batch events streamed');
    assert.ok(r.lag, 'lag measured');
    console.log(`    host event-loop delay while training: p50 ${r.lag.p50.toFixed(2)} ms, p99 ${r.lag.p99.toFixed(2)} ms, max ${r.lag.max.toFixed(2)} ms (${r.lag.samples} samples); idle baseline p99 ${baseline.toFixed(2)} ms; the host's own work per worker message: median ${r.lag.handlerP50?.toFixed(2)} ms, longest ${r.lag.handlerMax?.toFixed(2)} ms`);
    // The host's own share per worker message (log, record, post to the panel, status bar): the median is
    // asserted; the longest is printed, since a loaded machine can pre-empt any one of them (23.9 ms was seen
    // with an idle baseline p99 of 21 ms).
    assert.ok(r.lag.handlerP50 !== undefined && r.lag.handlerP50 <= 5, `median message handling ${r.lag.handlerP50} ms`);
    // The p99 ≤ 20 ms target is measured by the benchmark (`npm run bench:host`), not asserted here: on a
    // shared 2-core machine the scheduler alone moves the p99 by tens of ms (idle baselines of 5–58 ms were
    // seen). What this test guards is that training never runs on the host thread: the median stays low and
    // no stall comes near the length of one training batch burst (100 ms).
    assert.ok(r.lag.p50 <= 5, `median delay ${r.lag.p50.toFixed(1)} ms`);
    assert.ok(r.lag.p99 <= 100 || r.lag.p99 <= 2 * baseline + 10,
      `p99 ${r.lag.p99.toFixed(1)} ms (idle baseline ${baseline.toFixed(1)} ms)`);
  });

  it('Predict Sentiment uses the trained model', async () => {
    const r = await vscode.commands.executeCommand<{ prediction?: string; confidence?: number; runId?: number }>(
      'unrolled.predict', { text: 'This movie was fantastic and I loved it!' });
    assert.ok(r.prediction === 'Positive' || r.prediction === 'Negative', JSON.stringify(r));
    assert.ok((r.confidence ?? 0) >= 0.5 && (r.confidence ?? 0) <= 1);
    assert.equal(api.controller.displayedRunId, r.runId, 'the panel shows the prediction');
  });

  it('Analyze decorates the words and the hover shows the heatmap, P(positive), saliency and a link', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'review.txt'));
    await vscode.window.showTextDocument(doc);
    const r = await vscode.commands.executeCommand<{ runId: number; words: number; read: number; error?: string }>('unrolled.analyze');
    assert.equal(r.error, undefined);
    assert.ok(r.words >= 15 && r.read > 0, JSON.stringify(r));
    // Words are coloured by occlusion (ΔP when the word is deleted): each read word's bucket is its occlusion's,
    // a word below 1e-3 is marked (hover me) but not coloured. The suite's model has the notebook's `final`
    // readout: the gradient dies in the padding, and the hover says why next to its gradient × input.
    const a = api.analyzeView.get(doc);
    assert.ok(a && a.snapshot.occlusion, 'the analysis has occlusions');
    assert.equal(a.colouredBy, 'occlusion');
    const ranges = api.analyzeView.rangesFor(doc);
    const read = a.words.filter((w) => w.t >= 0);
    const marked = [...ranges.entries()].filter(([k]) => k !== -999).reduce((n, [, x]) => n + x.length, 0);
    assert.equal(marked, read.length, 'every read word is coloured or marked');
    for (const w of read) {
      const b = occlusionBucket(a.occlusionAt(w.t) ?? NaN, a.largestOcclusion, 5);
      assert.ok(ranges.get(b)?.some((x) => doc.offsetAt(x.start) === w.start), `"${w.word}" in bucket ${b}`);
    }

    const offset = doc.getText().indexOf('wonderful') + 3;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /\*\*wonderful\*\*/);
    const m = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(text);
    assert.ok(m, 'a heatmap image');
    const svg = Buffer.from(m[1], 'base64').toString('utf8');
    assert.equal((svg.match(/<rect /g) ?? []).length, 2 * 64, 'one cell per unit of each of the 2 layers');
    assert.match(text, /P\(positive\) if the text ended here: \*\*0\.\d{3}\*\*/);
    assert.match(text, /saliency ‖∂L\/∂x‖ = /);
    assert.match(text, /\[Show in visualizer\]\(command:unrolled\.showStep\?/);
    assert.match(text, /the gradient vanished in the \d+ padding steps/);
    assert.match(text, /Occlusion: without this word P\(positive\) would be 0\.\d{4} instead of 0\.\d{4}, so the word adds \*\*(0|[+−]\d)/);
    assert.match(text, /gradient × input [+-]/);

    const posted = api.panel()?.posted ?? 0;
    assert.equal(await vscode.commands.executeCommand('unrolled.showStep', { runId: r.runId, t: 2 }), true);
    assert.ok((api.panel()?.posted ?? 0) > posted, 'focus-step was posted');

    // Editing the document clears its analysis (the offsets would be stale).
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the editor kept the focus');
    const ed = await vscode.window.showTextDocument(doc);
    await ed.edit((e) => e.insert(new vscode.Position(0, 0), 'Honestly, '));
    assert.equal(api.analyzeView.get(doc), undefined);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Analyze with a mean-readout model colours the words by their occlusion', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'review.txt'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('unrolled.analyze');
    assert.ok(api.analyzeView.get(doc), 'analyzed with the final-readout model');
    const trained = await vscode.commands.executeCommand<RunOutcome>('unrolled.train', { epochs: 1, readout: 'mean', force: true });
    assert.equal(trained.status, 'done', trained.message);
    assert.equal(api.analyzeView.get(doc), undefined, 'the old model\'s marks are cleared when a new model is trained');
    await vscode.window.showTextDocument(doc);
    const r = await vscode.commands.executeCommand<{ read: number; error?: string }>('unrolled.analyze');
    assert.equal(r.error, undefined);
    const ranges = api.analyzeView.rangesFor(doc);
    const coloured = [...ranges.entries()].filter(([k]) => k !== 0 && k !== -999).reduce((n, [, x]) => n + x.length, 0);
    assert.ok(coloured > 0, `no word coloured (buckets ${JSON.stringify([...ranges.keys()])})`);
    const strongest = Math.max(...[...ranges.keys()].filter((k) => k !== -999).map(Math.abs));
    assert.ok(strongest >= 3, `the strongest word is in bucket ${strongest} of 5`);
  });

  it('Save Checkpoint writes the trained model as a checkpoint file', async () => {
    trainedCheckpoint = path.join(tmp, 'trained.json');
    const r = await vscode.commands.executeCommand<{ path: string; summary: string }>('unrolled.saveCheckpoint', { path: trainedCheckpoint });
    assert.equal(r.path, trainedCheckpoint);
    const ck = JSON.parse(readFileSync(trainedCheckpoint, 'utf8'));
    assert.equal(ck.format, 'unrolled-checkpoint');
    assert.deepEqual([ck.model.numLayers, ck.model.hiddenSize], [2, 64]);
    assert.equal(ck.vocab[0], '<PAD>');
  });

  it('Load Checkpoint reads a PyTorch-exported checkpoint, names the file in errors, and reloads ours', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const fixture = path.join(ext.extensionPath, 'src', 'engine', 'testdata', 'unrolled-rnn.json');
    assert.ok(existsSync(fixture));
    const r = await vscode.commands.executeCommand<{ summary?: string; error?: string }>('unrolled.loadCheckpoint', { path: fixture });
    assert.equal(r.error, undefined);
    assert.match(r.summary ?? '', /^2 layers × 4 units, embedding 9d/);

    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, JSON.stringify({ format: 'unrolled-checkpoint', version: 1, model: { kind: 'unrolled-rnn' } }));
    const bad = await vscode.commands.executeCommand<{ error?: string }>('unrolled.loadCheckpoint', { path: broken });
    assert.ok(bad.error?.startsWith(broken), bad.error);

    const back = await vscode.commands.executeCommand<{ summary?: string }>('unrolled.loadCheckpoint', { path: trainedCheckpoint });
    assert.match(back.summary ?? '', /^2 layers × 64 units/);
  });

  it('Stop Training stops a running training within half a second; Predict then uses the model as it stood', async () => {
    type Answer = { confidence?: number };
    const review = { text: 'This movie was fantastic and I loved it!' };
    const before = await vscode.commands.executeCommand<Answer>('unrolled.predict', review);
    const run = vscode.commands.executeCommand<RunOutcome>('unrolled.train', { force: true });
    await waitFor(() => api.controller.activeRun?.status.batch !== undefined, 120_000, 'the first batch');
    const t0 = Date.now();
    await vscode.commands.executeCommand('unrolled.stopTraining');
    const ms = Date.now() - t0;
    const r = await run;
    assert.equal(r.status, 'cancelled');
    console.log(`    Stop Training: run ended ${ms} ms after the command`);
    assert.ok(ms < 500, `${ms} ms`);
    assert.equal(api.controller.activeRun, undefined);
    assert.match(api.controller.statusText, /stopped at epoch 1 · model kept/);
    const after = await vscode.commands.executeCommand<Answer>('unrolled.predict', review);
    // Run alone there was no model before the stop; in the suite there was the trained one: either way the
    // stopped run's model answers now.
    assert.equal(typeof after.confidence, 'number', `no answer after the stop: ${JSON.stringify(after)}`);
    if (before.confidence !== undefined) assert.notEqual(after.confidence, before.confidence, 'the earlier model answered');
  });

  it('closing the panel while training and reopening it from the status bar shows the whole run so far', async () => {
    const run = vscode.commands.executeCommand<RunOutcome>('unrolled.train', { force: true, epochs: 30 });
    await waitFor(() => (api.controller.activeRun?.status.updates ?? 0) >= 60, 120_000, 'training past the first epoch');
    const live = api.controller.activeRun;
    assert.ok(live);
    api.panel()?.panel.dispose(); // the student closes the tab
    assert.equal(api.panel(), undefined);
    await new Promise((r) => setTimeout(r, 500)); // batches go on arriving with no panel
    await vscode.commands.executeCommand('unrolled.openVisualizer', { showTraining: true }); // the status bar item's command
    assert.equal(api.controller.record(live.runId), live, 'the live run is kept, not replaced by the saved copy');
    const panel = api.panel();
    assert.ok(panel);
    const t0 = Date.now();
    await waitFor(() => panel.isReady, 30_000, 'the reopened webview');
    // VS Code in a browser sometimes leaves a new frame blank; the panel then loads a new one (say which ran).
    console.log(`reopened visualizer ready after ${Date.now() - t0} ms, ${panel.frameRebuilds} blank frame(s) replaced`);
    // The replay: show-run and every batch of events the run had when the webview said ready, posted once.
    const atReady = panel.posted;
    assert.ok(atReady >= live.batches.length - 2, `${atReady} messages posted for ${live.batches.length} batches of events`);
    assert.ok(atReady <= live.batches.length + 3, `${atReady} messages posted for ${live.batches.length} batches of events: sent twice?`);
    await vscode.commands.executeCommand('unrolled.stopTraining');
    assert.equal((await run).status, 'cancelled');
  });

  it('a visualizer loaded again in a new frame (what a blank one gets) shows the run on screen again', async () => {
    const panel = api.panel();
    assert.ok(panel?.isReady);
    const shown = api.controller.displayedRunId;
    assert.ok(shown !== undefined);
    const oldFrame = panel.panel;
    const before = panel.posted;
    panel.reload();
    assert.notEqual(panel.panel, oldFrame, 'a new VS Code panel');
    assert.equal(api.panel(), panel, 'the same visualizer, not a closed one');
    await waitFor(() => panel.isReady, 30_000, 'the new frame\'s ready');
    assert.equal(api.controller.displayedRunId, shown);
    assert.ok(panel.posted > before, `the run was replayed into the new frame (${panel.posted - before} messages)`);
  });

  it('Exploding Gradients reports the norm before and after clipping', async () => {
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.exploding', { force: true });
    assert.equal(r.status, 'done', r.message);
    const s = r.summary ?? {};
    const before = s.gradNormBefore as number | string;
    assert.ok(typeof before === 'string' || before > 5, `before ${before}`);
    assert.ok(typeof s.gradNormAfter !== 'number' || s.gradNormAfter <= 5 + 1e-6, `after ${String(s.gradNormAfter)}`);
  });

  it('Vanishing Gradients shows the first token\'s gradient vanish over a long sequence', async () => {
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.vanishing', { force: true });
    assert.equal(r.status, 'done', r.message);
    const s = r.summary ?? {};
    assert.ok((s.firstTokenGradLong as number) < (s.firstTokenGradShort as number), JSON.stringify(s).slice(0, 300));
  });

  it('keeps the run on screen in the extension\'s storage, for a panel restored after a window reload', async () => {
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.vanishing', { force: true });
    assert.equal(r.status, 'done', r.message);
    await api.controller.lastSave;
    const store = api.controller.storage;
    assert.ok(existsSync(store.file), `${store.file} was not written`);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(!store.file.startsWith(folder), `saved inside the workspace: ${store.file}`);
    const got = await store.load();
    assert.ok(got.ok, got.ok ? '' : got.reason);
    const shown = api.controller.record(r.runId);
    assert.ok(shown);
    assert.equal(got.record.runId, r.runId);
    assert.equal(got.record.title, shown.title);
    assert.equal(got.record.end?.status, 'done');
    const count = (rec: typeof shown) => rec.batches.flatMap((b) => b.events).length;
    assert.equal(count(got.record), count(shown));
    const snap = (rec: typeof shown) => rec.batches.flatMap((b) => b.events).find((e) => e.type === 'snapshot');
    const a = snap(shown), b = snap(got.record);
    assert.ok(a?.type === 'snapshot' && b?.type === 'snapshot');
    assert.deepEqual(Array.from(b.hidden.data), Array.from(a.hidden.data));
  });

  it('Compare Readouts trains the notebook\'s and the improved readout side by side', async () => {
    const r = await vscode.commands.executeCommand<RunOutcome>('unrolled.compareReadouts', { epochs: 1, force: true });
    assert.equal(r.status, 'done', r.message);
    const rec = api.controller.record(r.runId);
    assert.ok(rec);
    assert.equal(rec.status.series.length, 2, `series ${rec.status.series.join(', ')}`);
  });
});
