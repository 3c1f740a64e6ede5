/**
 * The command palette's commands. Each opens or reuses the visualizer and starts its demo. Arguments are
 * optional (the palette passes none); tests and the walkthrough may pass them to skip the prompts.
 */
import { writeUserUri } from './write-uri';
import { existsSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { SnapshotEvent, TokensEvent } from '../shared/events';
import type { RunParams } from '../shared/protocol';
import { TextAnalysis } from './analysis';
import type { AnalyzeView } from './analyze-view';
import type { CommandId } from './command-ids';
import type { Controller, RunOutcome } from './controller';
import { presetDecides, readAttribution, readSettings, type ValidatedSettings } from './settings';
import { answerModel, IMPROVED_PRESET_ARGS, TRAIN_IMPROVED } from './answer-model';
import { NOTEBOOK_REVIEW, NOTEBOOK_SENTENCE, SETTINGS_SECTION } from './settings-schema';
import { sentimentLabel } from '../shared/events';
import { openLesson } from './notebook/open-lesson';
import { NOTEBOOK_TYPE } from './notebook/serializer';
import { VisualizerPanel } from './panel';
import { openViewLinkCommand } from './view-link';

const isFile = (p: string): boolean => {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Reads and validates the settings; shows the first problem (all of them in the log) and returns undefined. */
export function settingsOrComplain(ctrl: Controller): ValidatedSettings | undefined {
  const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const s = readSettings((k) => cfg.get(k), {
    trusted: vscode.workspace.isTrusted,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isFile,
  });
  if (s.errors.length === 0) return s;
  for (const e of s.errors) ctrl.logLine('error', e);
  const more = s.errors.length > 1 ? ` (and ${s.errors.length - 1} more problem${s.errors.length > 2 ? 's' : ''}: see the Unrolled log)` : '';
  void vscode.window.showErrorMessage(s.errors[0] + more, 'Open Settings').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${extensionIdOf(ctrl)}`);
  });
  return undefined;
}

function extensionIdOf(ctrl: Controller): string {
  return ctrl.context.extension.id;
}

type Args = Partial<RunParams> & { force?: boolean };

const NO_MODEL_ACTIONS = ['Train on IMDB', 'Load Checkpoint'] as const;

async function offerModel(ctrl: Controller, message: string): Promise<void> {
  const pick = await vscode.window.showErrorMessage(message, ...NO_MODEL_ACTIONS);
  if (pick === 'Train on IMDB') void vscode.commands.executeCommand('unrolled.train');
  if (pick === 'Load Checkpoint') void vscode.commands.executeCommand('unrolled.loadCheckpoint');
  ctrl.logLine('warn', message);
}

/** Text to predict on: the argument, else the editor's selection, else asked for. */
async function textToPredict(args: Args | undefined): Promise<string | undefined> {
  if (typeof args?.text === 'string') return args.text;
  const ed = vscode.window.activeTextEditor;
  if (ed && !ed.selection.isEmpty) return ed.document.getText(ed.selection);
  return vscode.window.showInputBox({
    title: 'Unrolled: Predict Sentiment',
    prompt: 'A review to classify (the notebook\'s predict_sentiment). Tip: select text in an editor first to use it.',
    value: NOTEBOOK_REVIEW,
    validateInput: (v) => (v.trim() === '' ? 'Type a few words.' : undefined),
  });
}

export interface AnalyzeOutcome {
  runId: number; words: number; read: number; prediction: string; confidence: number; uri: string; model?: string;
}

export function registerCommands(ctrl: Controller, view: AnalyzeView): vscode.Disposable[] {
  const modelParams = (s: ValidatedSettings, args?: Args): RunParams => {
    const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const userSet = (key: string): boolean => {
      const i = cfg.inspect(key);
      return i !== undefined && (i.globalValue !== undefined || i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined);
    };
    return { ...presetDecides(s.params, userSet), ...stripForce(args) };
  };
  /** Analyze's marks and hovers belong to the model that made them: a new model clears them. */
  const modelChanged = (why: string): void => {
    if (view.count === 0) return;
    view.clear();
    ctrl.logLine('info', `Cleared the Analyze marks because ${why}: run Analyze again to see what this model reads.`);
  };

  const handlers: Record<CommandId, (...a: never[]) => unknown> = {
    'unrolled.openLesson': () => openLesson(ctrl.context, (m) => ctrl.logLine('error', m)),
    'unrolled.stepThrough': async (args?: Args): Promise<RunOutcome | undefined> => {
      const s = settingsOrComplain(ctrl);
      if (!s) return undefined;
      const sentence = args?.sentence ?? (await vscode.window.showInputBox({
        title: 'Unrolled: Step Through a Sentence',
        prompt: 'A sentence for the simple one-hot RNN (each distinct word becomes one input).',
        value: NOTEBOOK_SENTENCE,
        validateInput: (v) => (v.trim() === '' ? 'Type a few words.' : v.trim().split(/\s+/).length > 60 ? 'Keep it under 60 words: every word is one timestep on screen.' : undefined),
      }));
      if (sentence === undefined) return undefined;
      if (!(await ctrl.mayReplaceActive('Step Through a Sentence', args?.force))) return undefined;
      return ctrl.startRun('step', { sentence: sentence.trim(), hidden: args?.hidden ?? s.stepHidden, seed: args?.seed ?? s.params.seed }, 'Step Through a Sentence');
    },

    'unrolled.train': async (args?: Args): Promise<RunOutcome | undefined> => {
      const s = settingsOrComplain(ctrl);
      if (!s) return undefined;
      if (!(await ctrl.mayReplaceActive('a new training run', args?.force))) return undefined;
      const params = modelParams(s, args);
      const out = await ctrl.startRun('train', params, `Train on IMDB (readout ${params.readout})`);
      const kept = out.status === 'done' || (out.status === 'cancelled' && (ctrl.record(out.runId)?.status.updates ?? 0) > 0);
      if (kept) {
        modelChanged('a new model was trained');
        await ctrl.keepModel();
      }
      return out;
    },

    'unrolled.stopTraining': async () => {
      const end = await ctrl.stopActive();
      if (!end) void vscode.window.showInformationMessage('Unrolled: nothing is running.');
      return end;
    },

    'unrolled.predict': async (args?: Args) => {
      const text = await textToPredict(args);
      if (text === undefined) return undefined;
      const r = await ctrl.predict(text);
      if (r.error) {
        void offerModel(ctrl, r.error);
        return { error: r.error };
      }
      ctrl.showAnswer(r.requestId, 'predict', 'Predict Sentiment', r.events, false);
      const out = r.events.find((e) => e.type === 'output');
      if (out?.type === 'output') {
        const label = sentimentLabel(out.predicted);
        const snap = r.events.find((e) => e.type === 'snapshot');
        const pads = snap?.type === 'snapshot' && snap.readout === 'final' ? snap.hidden.steps - snap.length : 0;
        // The notebook's readout answers about the same for every short text: say why, where the answer is.
        const why = pads > 0 ? ` — this model reads its state after ${pads} padding steps (readout final), by when it has forgotten most of the text` : '';
        const model = answerModel(r.events);
        const final = snap?.type === 'snapshot' && snap.readout === 'final';
        // A `final` model answers about the same for every text: offer the improved preset in one click.
        void vscode.window.showInformationMessage(`Unrolled: ${label} (confidence ${out.probs[out.predicted].toFixed(4)})${why}${model ? ` · model: ${model}` : ''}`, ...(final ? [TRAIN_IMPROVED] : []))
          .then((pick) => { if (pick === TRAIN_IMPROVED) void vscode.commands.executeCommand('unrolled.train', IMPROVED_PRESET_ARGS); });
        return { runId: r.requestId, prediction: label, confidence: out.probs[out.predicted], ...(model ? { model } : {}) };
      }
      return { runId: r.requestId };
    },

    'unrolled.analyze': async (): Promise<AnalyzeOutcome | { error: string } | undefined> => {
      const ed = vscode.window.activeTextEditor;
      if (!ed) {
        void vscode.window.showErrorMessage('Unrolled: open a text file (or select some text) to analyze it.');
        return { error: 'no editor' };
      }
      const doc = ed.document;
      const sel = ed.selection;
      const base = sel.isEmpty ? 0 : doc.offsetAt(sel.start);
      const text = sel.isEmpty ? doc.getText() : doc.getText(sel);
      if (text.trim() === '') {
        void vscode.window.showErrorMessage('Unrolled: there is no text to analyze here.');
        return { error: 'empty' };
      }
      const version = doc.version;
      const r = await ctrl.predict(text, 'analyze');
      if (r.error) {
        void offerModel(ctrl, r.error);
        return { error: r.error };
      }
      if (doc.version !== version) {
        void vscode.window.showWarningMessage('Unrolled: the document changed while it was analyzed; run Analyze again.');
        return { error: 'changed' };
      }
      const tokens = r.events.find((e): e is TokensEvent => e.type === 'tokens');
      const snap = r.events.find((e): e is SnapshotEvent => e.type === 'snapshot');
      if (!tokens || !snap) return { error: 'the model gave no per-word answer' };
      const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const model = answerModel(r.events);
      const analysis = new TextAnalysis(r.requestId, tokens, snap, base, readAttribution((k) => cfg.get(k)), model);
      view.set(doc, analysis);
      ctrl.showAnswer(r.requestId, 'analyze', `Analyze ${vscode.workspace.asRelativePath(doc.uri)}`, r.events, true);
      // The model's own answer (its output event), as Predict reports it.
      const out = r.events.find((e) => e.type === 'output');
      const predicted = out?.type === 'output' ? out.predicted : snap.probs[1] > snap.probs[0] ? 1 : 0;
      const label = sentimentLabel(predicted);
      const conf = snap.probs[predicted];
      const cut = analysis.cutOff ? `; the model reads its first ${snap.length} known words, ${analysis.cutOff} more are not read` : '';
      vscode.window.setStatusBarMessage(`$(info) Unrolled: ${label} (${conf.toFixed(3)}) — hover a word to see its hidden state${cut}${model ? ` · model: ${model}` : ''}`, 15000);
      if (snap.readout === 'final') {
        void vscode.window.showInformationMessage(`Unrolled: this model reads its answer after the last position (readout final), so it tells texts apart poorly (model: ${model ?? 'unknown'}). Train the improved preset and analyze again?`, TRAIN_IMPROVED)
          .then((pick) => { if (pick === TRAIN_IMPROVED) void vscode.commands.executeCommand('unrolled.train', IMPROVED_PRESET_ARGS); });
      }
      return { runId: r.requestId, words: analysis.words.length, read: snap.length, prediction: label, confidence: conf,
        uri: doc.uri.toString(), ...(model ? { model } : {}) };
    },

    'unrolled.exploding': async (args?: Args) => {
      const s = settingsOrComplain(ctrl);
      if (!s || !(await ctrl.mayReplaceActive('Exploding Gradients', args?.force))) return undefined;
      return ctrl.startRun('explode', { seed: s.params.seed, cell: s.params.cell, dataPath: s.params.dataPath, glovePath: s.params.glovePath, ...stripForce(args) }, 'Exploding Gradients');
    },

    'unrolled.vanishing': async (args?: Args) => {
      const s = settingsOrComplain(ctrl);
      if (!s || !(await ctrl.mayReplaceActive('Vanishing Gradients', args?.force))) return undefined;
      return ctrl.startRun('vanish', { seed: s.params.seed, cell: s.params.cell, dataPath: s.params.dataPath, glovePath: s.params.glovePath, ...stripForce(args) }, 'Vanishing Gradients');
    },

    'unrolled.compareReadouts': async (args?: Args) => {
      const s = settingsOrComplain(ctrl);
      if (!s || !(await ctrl.mayReplaceActive('Compare Readouts', args?.force))) return undefined;
      const out = await ctrl.startRun('compare', modelParams(s, args), 'Compare Readouts: final vs mean');
      // Compare offers its two models too: the best model of this window answers Predict and Analyze.
      if (out.status === 'done') {
        modelChanged('Compare Readouts trained two models');
        await ctrl.keepModel();
      }
      return out;
    },

    'unrolled.compareCells': async (args?: Args) => {
      const s = settingsOrComplain(ctrl);
      if (!s || !(await ctrl.mayReplaceActive('Compare Cells', args?.force))) return undefined;
      // the cell setting does not apply: the run trains all three (its readout is the notebook's final unless set)
      const { cell: _cell, ...params } = modelParams(s, args);
      return ctrl.startRun('compare-cells', params, 'Compare Cells: tanh, GRU and LSTM');
    },

    'unrolled.saveCheckpoint': async (args?: { path?: string }) => {
      let r;
      try {
        r = await ctrl.saveCheckpoint();
      } catch (e) {
        void ctrl.showError(`Unrolled: could not save the model: ${(e as Error).message}`);
        return { error: (e as Error).message };
      }
      if (r.error || !r.json) {
        void offerModel(ctrl, r.error ?? 'the worker returned no checkpoint');
        return { error: r.error };
      }
      const folder = vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri : undefined;
      const target = args?.path
        ? vscode.Uri.file(args.path)
        : await vscode.window.showSaveDialog({
            title: 'Unrolled: Save Checkpoint',
            defaultUri: vscode.Uri.joinPath(folder ?? vscode.Uri.file(os.homedir()), 'unrolled-model.json'),
            filters: { 'Unrolled checkpoint': ['json'] },
          });
      if (!target) return undefined;
      try {
        await writeUserUri(target, Buffer.from(r.json, 'utf8'), 'the checkpoint');
      } catch (e) {
        void ctrl.showError(`Unrolled: could not save the model: ${(e as Error).message}. The model is still loaded; run Save Checkpoint again with another file.`);
        return { error: (e as Error).message };
      }
      ctrl.log.info(`Saved the model (${r.summary}) to ${target.fsPath}`);
      void vscode.window.showInformationMessage(`Unrolled: saved the model to ${target.fsPath}`);
      return { path: target.fsPath, summary: r.summary, bytes: r.json.length };
    },

    'unrolled.loadCheckpoint': async (args?: { path?: string }) => {
      let target: vscode.Uri | undefined;
      if (args?.path) target = vscode.Uri.file(args.path);
      else {
        const picked = await vscode.window.showOpenDialog({
          title: 'Unrolled: Load Checkpoint (saved by Unrolled, or exported from the notebook\'s PyTorch model)',
          canSelectMany: false,
          filters: { 'Unrolled checkpoint': ['json'] },
        });
        target = picked?.[0];
      }
      if (!target) return undefined;
      let text: string;
      try {
        text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
      } catch (e) {
        void ctrl.showError(`Unrolled: cannot read ${target.fsPath}: ${(e as Error).message}`);
        return { error: (e as Error).message };
      }
      const name = target.fsPath;
      const r = await ctrl.client.loadCheckpoint(text, name);
      if (r.error) {
        void ctrl.showError(`Unrolled: ${r.error}`);
        return { error: r.error };
      }
      ctrl.log.info(`Loaded ${name}: ${r.summary}`);
      ctrl.showLoadedModel(vscode.workspace.asRelativePath(target), r.summary ?? '');
      modelChanged(`${vscode.workspace.asRelativePath(target)} was loaded`);
      await ctrl.keepModel();
      void vscode.window.showInformationMessage(`Unrolled: loaded ${vscode.workspace.asRelativePath(target)} — ${r.summary}. Predict and Analyze now use it.`);
      return { path: name, summary: r.summary };
    },

    'unrolled.openVisualizer': async (args?: { showTraining?: boolean }) => {
      await ctrl.restoreShown(); // after a restart: the last run shown, rather than an empty panel
      const training = ctrl.statusRun;
      if (args?.showTraining && training) ctrl.show(training.runId);
      else if (ctrl.lastShownRunId !== undefined) ctrl.show(ctrl.lastShownRunId);
      else ctrl.openPanel();
      return true;
    },

    'unrolled.openViewLink': (link?: unknown) => openViewLinkCommand(ctrl, link),

    'unrolled.clearAnalysis': () => {
      view.clear();
    },

    'unrolled.presenterMode': (args?: { on?: boolean }) => {
      ctrl.presenter = typeof args?.on === 'boolean' ? args.on : !ctrl.presenter;
      for (const tell of ctrl.presenterListeners) tell(ctrl.presenter);
      // From a lesson, its outputs follow; the visualizer panel is told if open, not opened over the lesson.
      const inLesson = vscode.window.activeNotebookEditor?.notebook.notebookType === NOTEBOOK_TYPE;
      if (!inLesson || VisualizerPanel.current) ctrl.openPanel(inLesson).post({ type: 'presenter', on: ctrl.presenter });
      void vscode.window.setStatusBarMessage(`Unrolled: presenter mode ${ctrl.presenter ? 'on (large type, 200 % zoom, slower playback; run it again to leave)' : 'off'}`, 6000);
      return ctrl.presenter;
    },

    'unrolled.showStep': (args?: { runId?: number; t?: number; snapshotId?: number }) => {
      if (typeof args?.runId !== 'number' || typeof args.t !== 'number') return false;
      if (!ctrl.record(args.runId)) {
        void vscode.window.showWarningMessage('Unrolled: that analysis is no longer in the visualizer; run Analyze again.');
        return false;
      }
      // Keep the editor focused: the student goes on hovering words while the panel follows.
      if (ctrl.displayedRunId !== args.runId) ctrl.show(args.runId, true);
      const panel = ctrl.openPanel(true);
      panel.post({ type: 'focus-step', t: args.t, ...(typeof args.snapshotId === 'number' ? { snapshotId: args.snapshotId } : {}) });
      return true;
    },
  };

  return Object.entries(handlers).map(([id, fn]) =>
    vscode.commands.registerCommand(id, async (...a: unknown[]) => {
      try {
        return await (fn as (...x: unknown[]) => unknown)(...a);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        ctrl.logLine('error', `${id} failed: ${msg}`);
        void ctrl.showError(`Unrolled: ${msg}`);
        return { error: msg };
      }
    }));
}

function stripForce(args?: Args): Partial<RunParams> {
  if (!args) return {};
  const { force: _force, ...rest } = args;
  return rest;
}
