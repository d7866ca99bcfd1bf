import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SimulatedStatement, SimulationRange, SimulationResult } from '../../server/src/protocol';
import { renderSimulation, type SimulationViewMessage, type SimulationViewMeta } from './simulation-html';

/**
 * The result of a simulation: a webview panel beside the editor, and the deciding statements highlighted in the
 * editors that show them. One panel, reused for every result.
 */
export class SimulationView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private decided: SimulatedStatement[] = [];
  private readonly allowed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly denied = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly label = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
  });
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly onMessage: (message: SimulationViewMessage) => void) {
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()),
      // Edits move the statements; the highlight would point at the wrong lines until the next run.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && this.decided.some((s) => s.uri === event.document.uri.toString())) this.clearDecorations();
      }),
    );
  }

  /** Whether a result is on screen (the panel may be behind another tab). */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(result: SimulationResult, meta: SimulationViewMeta): void {
    const title = result.decision ? `Simulation: ${result.request.action}` : 'Simulation';
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'iamPolicy.simulation',
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          enableFindWidget: true,
          localResourceRoots: [],
        },
      );
      this.panel.webview.onDidReceiveMessage((message: SimulationViewMessage) => this.receive(message));
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.clearDecorations();
      });
    } else {
      this.panel.title = title;
      // Where it is, unless that is the group of the editor asking (a file opened in the panel's group): revealed
      // there, it would hide the editor the user is in. Beside, as when it was created.
      this.panel.reveal(revealColumn(this.panel), true);
    }
    this.panel.webview.html = renderSimulation(result, meta, randomBytes(16).toString('base64'));
    this.decided = result.decidedBy;
    this.decorate();
  }

  private receive(message: SimulationViewMessage): void {
    if (message?.type === 'reveal') void reveal(message.uri, message.range);
    else if (message && typeof message.type === 'string') this.onMessage(message);
  }

  private decorate(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const uri = editor.document.uri.toString();
      const mine = this.decided.filter((statement) => statement.uri === uri);
      editor.setDecorations(
        this.allowed,
        mine.filter((s) => s.effect === 'Allow').map((s) => toRange(s.range)),
      );
      editor.setDecorations(
        this.denied,
        mine.filter((s) => s.effect === 'Deny').map((s) => toRange(s.range)),
      );
      editor.setDecorations(
        this.label,
        mine.map((s) => {
          const line = editor.document.lineAt(Math.min(s.range.start.line, editor.document.lineCount - 1));
          return { range: new vscode.Range(line.range.end, line.range.end), renderOptions: { after: { contentText: `← ${s.effect === 'Allow' ? 'allowed' : 'denied'} the simulated request` } } };
        }),
      );
    }
  }

  private clearDecorations(): void {
    this.decided = [];
    this.decorate();
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of [this.allowed, this.denied, this.label, ...this.disposables]) disposable.dispose();
  }
}

function toRange(range: SimulationRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** Opens the file in the first editor group and selects the range. */
async function reveal(uri: string, range: SimulationRange): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const target = toRange(range);
    // A one-line element (a condition, a Resource) is selected; a whole statement only gets the cursor at its start.
    const selection = target.isSingleLine ? new vscode.Selection(target.start, target.end) : new vscode.Selection(target.start, target.start);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection, preserveFocus: false });
    const editor = vscode.window.activeTextEditor;
    editor?.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not open ${uri}: ${(error as Error).message}`);
  }
}

/** Where to reveal an open panel: in its own group, or beside the active text editor when that shares the group. */
export function revealColumn(panel: vscode.WebviewPanel): vscode.ViewColumn | undefined {
  const editorColumn = vscode.window.activeTextEditor?.viewColumn;
  return editorColumn !== undefined && editorColumn === panel.viewColumn ? vscode.ViewColumn.Beside : undefined;
}
