/** Save a visualizer export (SVG, PNG data URL or JSON text) where the user picks, then offer to open it. */
import * as vscode from 'vscode';
import { writeUserUri } from './write-uri';

export interface ExportDeps {
  logInfo(message: string): void;
  showError(message: string): Promise<void>;
}

export async function exportFile(format: 'svg' | 'png' | 'json', fileName: string, data: string, deps: ExportDeps): Promise<void> {
  const folder = vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri : undefined;
  const target = await vscode.window.showSaveDialog({
    title: `Export the visualizer as ${format.toUpperCase()}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [format.toUpperCase()]: [format] },
  });
  if (!target) return;
  const bytes = format === 'png'
    ? Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64')
    : Buffer.from(data, 'utf8');
  try {
    await writeUserUri(target, bytes, `the ${format.toUpperCase()} export`);
  } catch (e) {
    void deps.showError(`Unrolled: could not write ${target.fsPath}: ${(e as Error).message}`);
    return;
  }
  deps.logInfo(`Exported ${format.toUpperCase()} to ${target.fsPath}`);
  const open = 'Open';
  void vscode.window.showInformationMessage(`Unrolled: exported ${vscode.workspace.asRelativePath(target)}`, open).then((pick) => {
    if (pick === open) void vscode.commands.executeCommand('vscode.open', target);
  });
}
