/**
 * Shareable views (issue 14 item 5), the VS Code side: "Copy link to this view" puts the webview's view state on
 * the clipboard as a `vscode://` link; "Unrolled: Open View Link" (a pasted link) and the URI handler (a clicked
 * one) re-run the demo with the link's options and tell the panel which step, pin and what-if to show.
 * The link's format and checks are src/shared/view-link.ts.
 */
import * as vscode from 'vscode';
import { encodeViewLink, parseViewLink, parseViewLinkQuery, VIEW_LINK_PATH, type LinkResult, type ViewLinkState } from '../shared/view-link';
import type { Controller, RunOutcome } from './controller';

export async function copyViewLink(ctrl: Controller, state: ViewLinkState): Promise<string> {
  const link = encodeViewLink(state, ctrl.context.extension.id);
  await vscode.env.clipboard.writeText(link);
  ctrl.logLine('info', `Copied a link to this view (${state.demo}, seed ${state.seed}): ${link}`);
  void vscode.window.setStatusBarMessage('Unrolled: link to this view copied (open it with "Unrolled: Open View Link")', 6000);
  return link;
}

/** Re-runs the link's demo and has the panel apply its view; a bad link is one error line. */
type Opened = { error: string } | { runId: number; state: ViewLinkState } | undefined;
export async function openViewLinkState(ctrl: Controller, r: LinkResult<ViewLinkState>): Promise<Opened> {
  if (!r.ok) {
    const error = `Unrolled: cannot open the view link: ${r.reason}.`;
    ctrl.logLine('error', error);
    void vscode.window.showErrorMessage(error);
    return { error };
  }
  const st = r.value;
  if (!(await ctrl.mayReplaceActive('the linked view'))) return undefined;
  ctrl.openPanel(false).post({ type: 'apply-view', state: st });
  // The demo's own command runs it (its settings: data and GloVe paths), with the link's options.
  const args = { seed: st.seed, std: st.std, cell: st.cell, force: true, ...(st.length !== undefined ? { length: st.length } : {}) };
  const out = await vscode.commands.executeCommand<RunOutcome | undefined>(st.demo === 'vanish' ? 'unrolled.vanishing' : 'unrolled.exploding', args);
  return out ? { runId: out.runId, state: st } : undefined;
}

/** The command: a link passed as the argument (tests), else pasted into an input box. */
export async function openViewLinkCommand(ctrl: Controller, arg?: unknown): Promise<unknown> {
  const id = ctrl.context.extension.id;
  const text = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
    title: 'Unrolled: Open View Link',
    prompt: `Paste a link made by "Copy link to this view" (vscode://${id}${VIEW_LINK_PATH}?state=…)`,
    ignoreFocusOut: true,
  });
  if (text === undefined) return undefined;
  return openViewLinkState(ctrl, parseViewLink(text, id));
}

/** Opens `vscode://<id>/open?state=…` links clicked outside VS Code. */
export function registerViewLinkHandler(ctrl: Controller): vscode.Disposable {
  return vscode.window.registerUriHandler({
    handleUri(uri: vscode.Uri) {
      const r: LinkResult<ViewLinkState> = uri.path === VIEW_LINK_PATH ? parseViewLinkQuery(uri.query) : { ok: false, reason: `unknown path ${uri.path} (expected ${VIEW_LINK_PATH})` };
      void openViewLinkState(ctrl, r);
    },
  });
}
