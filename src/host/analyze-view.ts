/**
 * Analyze in the editor: words tinted by their occlusion (or, by the setting, their gradient × input contribution) (a
 * few decoration types, one per strength bucket, on the visualizer's colour scale), unknown words underlined, and a
 * HoverProvider that shows the word's hidden-state heatmap, running P(positive), saliency and a "Show in visualizer"
 * link.
 * An analysis belongs to one document version: editing the document clears it.
 */
import * as vscode from 'vscode';
import type { Attribution, TextAnalysis } from './analysis';
import { divergingHex } from '../shared/colour';
import { bucketValue, contributionBackground } from './colours';
import { readAttribution } from './settings';
import { commandUri, escapeMarkdown, wordHoverMarkdown } from './hover-content';

const BUCKETS = 5;
export const SHOW_STEP_COMMAND = 'unrolled.showStep';

export class AnalyzeView implements vscode.Disposable, vscode.HoverProvider {
  private readonly analyses = new Map<string, { analysis: TextAnalysis; version: number }>();
  private readonly types = new Map<number, vscode.TextEditorDecorationType>();
  private readonly unknownType: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  /** Hovers answered (for tests). */
  hoversShown = 0;

  constructor(private readonly onChange: (count: number) => void) {
    this.unknownType = vscode.window.createTextEditorDecorationType({
      textDecoration: 'underline dotted',
      opacity: '0.7',
    });
    this.disposables.push(
      vscode.languages.registerHoverProvider({ pattern: '**' }, this),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.analyses.delete(e.document.uri.toString())) {
          this.refresh();
          this.onChange(this.analyses.size);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.analyses.delete(d.uri.toString())) this.onChange(this.analyses.size);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('unrolled.attribution')) return;
        const attribution = AnalyzeView.attribution();
        for (const { analysis } of this.analyses.values()) analysis.attribution = attribution;
        this.refresh();
      }),
    );
  }

  /** What words are coloured by, from the `unrolled.attribution` setting. */
  static attribution(): Attribution {
    const cfg = vscode.workspace.getConfiguration('unrolled');
    return readAttribution((k) => cfg.get(k));
  }

  set(document: vscode.TextDocument, analysis: TextAnalysis): void {
    this.analyses.set(document.uri.toString(), { analysis, version: document.version });
    this.refresh();
    this.onChange(this.analyses.size);
  }

  get(document: vscode.TextDocument): TextAnalysis | undefined {
    const a = this.analyses.get(document.uri.toString());
    return a && a.version === document.version ? a.analysis : undefined;
  }

  clear(): void {
    this.analyses.clear();
    this.refresh();
    this.onChange(0);
  }

  get count(): number {
    return this.analyses.size;
  }

  /** Decoration ranges per bucket for a document (exposed for tests). */
  rangesFor(document: vscode.TextDocument): Map<number, vscode.Range[]> {
    const out = new Map<number, vscode.Range[]>();
    const a = this.get(document);
    if (!a) return out;
    for (const w of a.words) {
      const range = new vscode.Range(document.positionAt(w.start), document.positionAt(w.end));
      let key: number;
      if (w.unknown) key = Number.NaN;
      else if (w.t < 0) continue;
      else key = a.bucketAt(w.t, BUCKETS);
      // key 0: read by the model, but its occlusion (or contribution) is negligible: marked (hover me), not coloured.
      const k = Number.isNaN(key) ? -999 : key;
      const list = out.get(k) ?? [];
      list.push(range);
      out.set(k, list);
    }
    return out;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const a = this.get(document);
    if (!a) return undefined;
    const w = a.wordAt(document.offsetAt(position));
    if (!w) return undefined;
    const range = new vscode.Range(document.positionAt(w.start), document.positionAt(w.end));
    let md: vscode.MarkdownString;
    if (w.unknown) {
      md = new vscode.MarkdownString(`**${escapeMarkdown(w.word)}** is not in the model's vocabulary: the model skips it.`);
    } else if (w.t < 0) {
      md = new vscode.MarkdownString(
        `**${escapeMarkdown(w.word)}** comes after the ${a.snapshot.length} words the model reads (it truncates to its sequence length, as the notebook does).`,
      );
    } else {
      const uri = commandUri(SHOW_STEP_COMMAND, [{ runId: a.runId, t: w.t, snapshotId: a.snapshot.id }]);
      const info = a.hoverInfo(w, uri);
      if (!info) return undefined;
      md = new vscode.MarkdownString(wordHoverMarkdown(info));
      md.isTrusted = { enabledCommands: [SHOW_STEP_COMMAND] };
    }
    this.hoversShown++;
    return new vscode.Hover(md, range);
  }

  private typeFor(bucket: number): vscode.TextEditorDecorationType {
    let t = this.types.get(bucket);
    if (!t && bucket === 0) {
      t = vscode.window.createTextEditorDecorationType({
        borderWidth: '0 0 1px 0',
        borderStyle: 'solid',
        borderColor: new vscode.ThemeColor('editorWhitespace.foreground'),
      });
      this.types.set(bucket, t);
    }
    if (!t) {
      const v = bucketValue(bucket, 1, BUCKETS);
      t = vscode.window.createTextEditorDecorationType({
        backgroundColor: contributionBackground(v, 1),
        borderRadius: '2px',
        overviewRulerColor: Math.abs(bucket) >= 4 ? divergingHex(v) : undefined,
        overviewRulerLane: vscode.OverviewRulerLane.Center,
      });
      this.types.set(bucket, t);
    }
    return t;
  }

  private refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const ranges = this.rangesFor(editor.document);
      for (let b = -BUCKETS; b <= BUCKETS; b++) {
        const r = ranges.get(b) ?? [];
        if (r.length || this.types.has(b)) editor.setDecorations(this.typeFor(b), r);
      }
      editor.setDecorations(this.unknownType, ranges.get(-999) ?? []);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    for (const t of this.types.values()) t.dispose();
    this.unknownType.dispose();
  }
}
