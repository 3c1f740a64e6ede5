// The shipped RNN lesson in a real VS Code: "Unrolled: Open the RNN Lesson" opens the student's copy as an
// unrolled-lesson notebook, the lesson kernel runs every cell in the worker, and each cell's output (its
// event stream) is checked against the CLI run as a separate process with the same words: the same event
// counts and the same figures (the demo's --json summary). predict/analyze use the model the train cell
// left in the worker; the CLI gets it through train --save. Then the notebook is saved with its outputs and
// a student's answer, and read back.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UnrolledApi } from '../../../src/extension';
import { splitWords } from '../../../src/cli/invocation';
import type { DemoEvent } from '../../../src/shared/events';
import { decodeRecording, toPlainJson } from '../../../src/shared/recording';
import { EVENTS_MIME, readLesson } from '../../../src/lesson/format';
import { engineAnswer } from '../../../src/shared/questions';
import { keepAnswer } from '../../../src/host/notebook/answers';

const EXTENSION_ID = 'unrolled.unrolled';

interface CliRun { summary: Record<string, unknown>; counts: Record<string, number>; lines: string[] }

function cli(ext: string, args: string[]): Promise<CliRun> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'unrolled-lesson-cli-'));
  const record = path.join(tmp, 'run.json');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(ext, 'dist', 'cli.js'), ...args, '--json', '--record', record], { cwd: ext, maxBuffer: 64 << 20, timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`unrolled ${args.join(' ')} failed: ${stderr || err.message}`));
      const lines = stdout.trimEnd().split('\n');
      const summary = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
      resolve({ summary, counts: countTypes(decodeRecording(readFileSync(record, 'utf8')).events), lines: lines.slice(0, -1) });
    });
  });
}

function countTypes(events: readonly DemoEvent[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const e of events) if (e.type !== 'log') c[e.type] = (c[e.type] ?? 0) + 1;
  return c;
}

/** The summary without wall-clock times (the only figures that differ between two runs) and the CLI's
 * `saved` (the --save path it was given to hand its model to predict and analyze). */
function figures(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(figures);
  if (v && typeof v === 'object') {
    // `model` names where the model came from: the CLI's checkpoint file, the lesson's own training in this window.
    return Object.fromEntries(Object.entries(v).filter(([k]) => !/seconds/i.test(k) && k !== 'saved' && k !== 'model').map(([k, x]) => [k, figures(x)]));
  }
  return v;
}

describe('The RNN lesson (notebook)', function () {
  this.timeout(900_000);
  let api: UnrolledApi;
  let ext: string;
  let editor: vscode.NotebookEditor;

  before(async () => {
    const e = vscode.extensions.getExtension<UnrolledApi>(EXTENSION_ID);
    assert.ok(e);
    api = await e.activate();
    ext = e.extensionPath;
  });

  it('Open the RNN Lesson opens the student\'s copy of the shipped lesson as an unrolled-lesson notebook', async () => {
    const opened = await vscode.commands.executeCommand<vscode.NotebookEditor | undefined>('unrolled.openLesson');
    assert.ok(opened, 'the command returned an editor');
    editor = opened;
    const nb = editor.notebook;
    assert.equal(nb.notebookType, 'unrolled-lesson');
    assert.ok(!nb.uri.fsPath.startsWith(ext), `the copy lives outside the extension (${nb.uri.fsPath})`);
    const shipped = readLesson(readFileSync(path.join(ext, 'media/lessons/rnn.unrolled-lesson'), 'utf8'));
    assert.equal(nb.cellCount, shipped.cells.length);
    const code = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.deepEqual(code.map((c) => c.document.getText().split(' ')[0]), ['step', 'train', 'predict', 'analyze', 'explode', 'vanish', 'compare'], 'the seed notebook\'s order');
    for (const c of code) {
      assert.equal(c.document.languageId, 'unrolled');
      assert.ok((c.metadata as { question?: unknown }).question, `cell ${c.index} asks a question`);
    }
  });

  it('runs every cell in the worker; each output equals the CLI\'s for the same cell text', async () => {
    const ok = await vscode.commands.executeCommand('notebook.selectKernel', { id: 'unrolled.lessonKernel', extension: EXTENSION_ID });
    assert.notEqual(ok, false);
    const code = editor.notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    const t0 = Date.now();
    const progress = setInterval(() => console.log(`lesson: ${api.lessons.outcomes.size} of ${code.length} cells done after ${((Date.now() - t0) / 1000).toFixed(0)} s`), 15_000);
    try {
      await api.lessons.execute(code);
    } finally {
      clearInterval(progress);
    }
    console.log(`lesson: ran ${code.length} cells in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Then the CLI, in child processes one after another (train first: predict/analyze need its model).
    const model = path.join(mkdtempSync(path.join(os.tmpdir(), 'unrolled-lesson-')), 'model.json');
    const cliRuns: Record<number, CliRun> = {};
    for (const c of code) {
      const words = splitWords(c.document.getText()).map((w) => w.value);
      const extra = words[0] === 'train' ? ['--save', model] : words[0] === 'predict' || words[0] === 'analyze' ? ['--model', model] : [];
      cliRuns[c.index] = await cli(ext, [...words, ...extra]);
    }
    console.log(`lesson: the CLI ran the same ${code.length} commands by ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    let order = 0;
    for (const c of code) {
      const name = c.document.getText().split(' ')[0];
      const outcome = api.lessons.outcomes.get(c.document.uri.toString());
      assert.ok(outcome, `cell ${name} ran`);
      assert.equal(outcome.status, 'done', `${name}: ${outcome.message ?? ''}`);
      assert.ok(c.executionSummary?.success, `${name} succeeded`);
      assert.ok((c.executionSummary?.executionOrder ?? 0) > order, `${name} ran after the cell before it`);
      order = c.executionSummary!.executionOrder!;
      const t = c.executionSummary?.timing;
      assert.ok(t && t.endTime >= t.startTime, `${name} has its timer`);
      // Its output: the events as a recording (rendered by the lesson renderer), with the question.
      const out = c.outputs.find((o) => o.items.some((i) => i.mime === EVENTS_MIME));
      assert.ok(out, `${name} has an ${EVENTS_MIME} output`);
      const rec = decodeRecording(new TextDecoder().decode(out.items.find((i) => i.mime === EVENTS_MIME)!.data));
      assert.equal(rec.events.length, outcome.events.length, `${name}: every event is in the output`);
      const q = (out.metadata as { question?: Parameters<typeof engineAnswer>[0] }).question;
      assert.ok(q, `${name}: the output carries its question`);
      const answer = engineAnswer(q, rec.events);
      assert.ok(answer.ok, `${name}: the question has an answer in the output (${answer.ok ? '' : answer.reason})`);
      const cliRun = cliRuns[c.index];
      assert.deepEqual(countTypes(rec.events), cliRun.counts, `${name}: event counts (logs aside) equal the CLI's`);
      const end = rec.events.find((e) => e.type === 'demo-end');
      assert.ok(end?.type === 'demo-end');
      assert.deepEqual(figures(toPlainJson(end.summary)), figures(cliRun.summary), `${name}: figures equal the CLI's`);
      // The CLI's lines, as text (outside the picture for cells without a question, inside it for question cells).
      const lines = (out.metadata as { lines?: string[] }).lines ?? [];
      const firstLine = cliRun.lines.find((l) => !/seconds|s\/epoch|\d+\.\d+ s\b/.test(l));
      assert.ok(firstLine === undefined || lines.includes(firstLine), `${name}: the CLI's line ${JSON.stringify(firstLine)} is in the output`);
      console.log(`lesson: ${name}: ${rec.events.length} events, ${JSON.stringify(countTypes(rec.events))}; answer ${answer.ok ? answer.value.answer : '-'}`);
    }
  });

  it('a cell with a mistake says what and where, and runs nothing', async () => {
    const nb = editor.notebook;
    const edit = new vscode.WorkspaceEdit();
    edit.set(nb.uri, [vscode.NotebookEdit.insertCells(nb.cellCount, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'train --epochs two', 'unrolled')])]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const cell = nb.cellAt(nb.cellCount - 1);
    try {
      await api.lessons.execute([cell]);
      assert.equal(api.lessons.outcomes.get(cell.document.uri.toString())?.message, 'unrolled train: --epochs must be an integer, not "two" (column 16)');
      const end = Date.now() + 10_000;
      while (cell.executionSummary?.success === undefined && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.equal(cell.executionSummary?.success, false);
      const text = new TextDecoder().decode(cell.outputs[0]?.items[0]?.data ?? new Uint8Array());
      assert.equal(text, 'unrolled train: --epochs must be an integer, not "two" (column 16)', 'the output says it in one line');
    } finally {
      const del = new vscode.WorkspaceEdit();
      del.set(nb.uri, [vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(cell.index, cell.index + 1))]);
      assert.ok(await vscode.workspace.applyEdit(del));
    }
  });

  it('saves outputs and the student\'s answer in the file; reopened, the outputs replay without re-running', async () => {
    const nb = editor.notebook;
    const step = nb.getCells().find((c) => c.document.getText().startsWith('step'))!;
    const qid = (step.metadata as { question: { id: string } }).question.id;
    assert.ok(await keepAnswer(nb, qid, { guess: '2', correct: false }));
    assert.ok(await nb.save(), 'saved');
    const saved = readLesson(readFileSync(nb.uri.fsPath, 'utf8'));
    assert.deepEqual(saved.metadata.answers?.[qid], { guess: '2', correct: false });
    const code = saved.cells.filter((c) => c.kind === 'unrolled');
    for (const c of code) {
      const item = c.outputs?.flatMap((o) => o.items).find((i) => i.mime === EVENTS_MIME);
      assert.ok(item, `${c.source}: the saved file keeps the events`);
      const live = nb.getCells().find((x) => x.document.getText() === c.source)!;
      const liveItem = live.outputs.flatMap((o) => o.items).find((i) => i.mime === EVENTS_MIME)!;
      assert.equal(decodeRecording(item.data).events.length, decodeRecording(new TextDecoder().decode(liveItem.data)).events.length);
    }
    const bytes = readFileSync(nb.uri.fsPath, 'utf8');
    console.log(`lesson: saved ${(bytes.length / 1e6).toFixed(1)} MB with outputs`);
  });

  it('a long run\'s output keeps evenly spaced snapshots within 4 MiB, says so, and answers as the live run', async () => {
    // run alone (--grep), the first test did not open it
    editor ??= (await vscode.commands.executeCommand<vscode.NotebookEditor>('unrolled.openLesson'))!;
    await vscode.commands.executeCommand('notebook.selectKernel', { id: 'unrolled.lessonKernel', extension: EXTENSION_ID });
    const nb = editor.notebook;
    const edit = new vscode.WorkspaceEdit();
    const question = { id: 'long-acc', prompt: 'Above 50 %?', ask: 'test-accuracy-above', threshold: 50 };
    const data = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'train --epochs 6 --hidden 128 --reviews 200', 'unrolled');
    data.metadata = { question };
    edit.set(nb.uri, [vscode.NotebookEdit.insertCells(nb.cellCount, [data])]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const cell = nb.cellAt(nb.cellCount - 1);
    try {
      await api.lessons.execute([cell]);
      const outcome = api.lessons.outcomes.get(cell.document.uri.toString());
      assert.equal(outcome?.status, 'done', outcome?.message);
      const live = outcome.events.filter((e) => e.type === 'snapshot');
      assert.equal(live.length, 7, 'one snapshot before training and one per epoch');
      const out = cell.outputs.find((o) => o.items.some((i) => i.mime === EVENTS_MIME))!;
      const text = new TextDecoder().decode(out.items.find((i) => i.mime === EVENTS_MIME)!.data);
      const saved = decodeRecording(text).events;
      const kept = saved.filter((e) => e.type === 'snapshot') as Array<Extract<DemoEvent, { type: 'snapshot' }>>;
      assert.ok(kept.length >= 2 && kept.length < live.length, `${kept.length} of ${live.length} snapshots kept`);
      assert.equal(kept[0].id, (live[0] as { id: number }).id, 'the first kept');
      assert.equal(kept[kept.length - 1].id, (live[live.length - 1] as { id: number }).id, 'the last kept');
      assert.deepEqual(saved.filter((e) => e.type !== 'snapshot').length, outcome.events.filter((e) => e.type !== 'snapshot').length, 'every other event kept');
      const note = (out.metadata as { note?: string }).note ?? '';
      assert.match(note, new RegExp(`^Saved in the lesson: ${kept.length} of the run's 7 snapshots`));
      assert.ok(((out.metadata as { lines?: string[] }).lines ?? []).includes(note), 'the note is in the CLI lines too');
      assert.deepEqual(engineAnswer(question as Parameters<typeof engineAnswer>[0], saved),
        engineAnswer(question as Parameters<typeof engineAnswer>[0], outcome.events));
      console.log(`lesson: long run ${(text.length / 1e6).toFixed(1)} MB saved; ${note}`);
    } finally {
      const del = new vscode.WorkspaceEdit();
      del.set(nb.uri, [vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(cell.index, cell.index + 1))]);
      assert.ok(await vscode.workspace.applyEdit(del));
    }
  });
});
