// End-to-end harness: the packaged .vsix in a real VS Code (code-server), driven through Debian's
// Chromium by playwright-core. See /work/shared/notes/real-vscode.md for why code-server and not
// the desktop build. One code-server per test file; every run gets fresh extensions, user data and
// a copy of test/e2e/workspace, so nothing leaks between runs or into the repository.
//
// Every wait polls for a state with a timeout; there are no fixed sleeps. The one exception is
// `assertHolds`, which checks that something stays true for a short window (an absence can only
// be observed over time).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
/** `publisher.name`, as VS Code names the extension in its logs and extension folders. */
export const extensionId = `${manifest.publisher}.${manifest.name}`;

const codeServerBin = process.env.E2E_CODE_SERVER ?? join(repoRoot, '.vscode-test/code-server/node_modules/.bin/code-server');
const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const fixtureWorkspace = join(repoRoot, 'test/e2e/workspace');
const resultsRoot = join(repoRoot, 'test-results/e2e');
// Generous for a shared CI machine: on 2 cores at a load of 20-25, a suite's first analysis (extension host, language
// server and catalog starting cold) took up to 11 s; every wait is on a condition, so a pass is not slowed by this.
const waitTimeout = Number(process.env.E2E_TIMEOUT_MS ?? 30_000);
const pollInterval = 100;

// Without the first three a modal or a welcome page sits in front of every click. The rest keep
// the screen stable and readable: no minimap or sticky lines over the text, no preview tabs that
// replace each other, a fixed theme so token colours are comparable between runs.
const baseSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.editor.untitled.hint': 'hidden',
  'workbench.hover.delay': 60_000,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  // code-server saves edits after a delay by default; the tests edit and then revert.
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.renderWhitespace': 'none',
  'editor.scrollBeyondLastLine': false,
  'editor.accessibilitySupport': 'off',
};

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--lang=en-US',
];

export interface StartOptions {
  /** Names the temp folder and the startup-failure artifacts, e.g. "editor". */
  suite: string;
  /** Path of the .vsix to install; `null` runs a bare VS Code. Default: $E2E_VSIX or iam-policy-author.vsix. */
  vsix?: string | null;
  /** Folder copied to a temp workspace. Default: test/e2e/workspace. */
  workspace?: string;
  /** User settings on top of the harness defaults. */
  settings?: Record<string, unknown>;
}

export interface Problem {
  /** Path relative to the workspace, with forward slashes. */
  file: string;
  severity: 'error' | 'warning' | 'info' | 'unknown';
  message: string;
  source: string;
  code: string;
  /** 1-based, as the Problems panel shows it ("[Ln 6, Col 17]"). */
  line: number;
  column: number;
}

export interface Token {
  text: string;
  /** Monaco's colour class, e.g. "mtk12"; equal classes mean equal colours in the current theme. */
  className: string;
  /** The computed CSS colour, e.g. "rgb(206, 145, 120)". */
  color: string;
}

// The page functions below run in the browser. The project compiles without the DOM library (so
// server code cannot use it by accident), so they are checked against these few declarations.
interface DomElement {
  readonly textContent: string | null;
  readonly className: string;
  readonly classList: { contains(token: string): boolean };
  readonly style: { top: string };
  readonly offsetHeight: number;
  readonly clientHeight: number;
  readonly firstChild: unknown;
  readonly parentElement: DomElement | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  contains(other: unknown): boolean;
  dispatchEvent(event: unknown): boolean;
}
declare const document: {
  readonly activeElement: DomElement | null;
  readonly body: DomElement;
  createRange(): {
    setStart(node: unknown, offset: number): void;
    setEnd(node: unknown, offset: number): void;
    getBoundingClientRect(): { x: number; y: number; width: number; height: number };
  };
};
declare function getComputedStyle(element: DomElement): { color: string };
declare const DataTransfer: new () => { setData(format: string, data: string): void };
declare const ClipboardEvent: new (type: string, init: { clipboardData: unknown; bubbles: boolean; cancelable: boolean }) => unknown;

interface RenderedText {
  tokens: Token[];
  /** Where the text sits on the page, in CSS pixels. */
  rect: { x: number; y: number; width: number; height: number };
}

/** 1-based line and column of the first `needle` in `text`, the way VS Code shows positions. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${JSON.stringify(needle)} does not occur in the text.`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * Polls `read` until `accept` says yes and returns that value. On timeout the error shows the last
 * value read, which is usually all one needs to see why.
 */
export async function waitFor<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, what: string, timeout = waitTimeout): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `last error: ${String(lastError)}` : `last seen: ${JSON.stringify(last, null, 2)}`;
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; ${seen}`);
    }
    await delay(pollInterval);
  }
}

/** Checks that `accept` holds on every read for `duration` ms; fails at the first read where it does not. */
export async function assertHolds<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, what: string, duration = 2_000): Promise<void> {
  const end = Date.now() + duration;
  do {
    const value = await read();
    if (!accept(value)) throw new Error(`Expected ${what}, but saw: ${JSON.stringify(value, null, 2)}`);
    await delay(pollInterval);
  } while (Date.now() < end);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'unnamed'
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// code-server runs as its own process group (detached), so one signal reaches its extension host,
// our language server and its watchers. The exit hooks cover a test process that dies early.
const liveGroups = new Set<number>();
const liveRunDirs = new Set<string>();
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
function cleanUpAtExit(): void {
  liveGroups.forEach((pid) => killGroup(pid, 'SIGKILL'));
  if (!process.env.E2E_KEEP) liveRunDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
}
process.once('exit', cleanUpAtExit);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanUpAtExit();
    process.kill(process.pid, signal);
  });
}

/** A running code-server with the extension installed, and a Chromium page showing the workspace. */
export class VsCode {
  private readonly consoleLines: string[] = [];
  private stopped = false;

  private constructor(
    readonly suite: string,
    readonly page: Page,
    private readonly browser: BrowserContext,
    private readonly server: ChildProcess,
    /** Temp folder holding everything of this run. */
    readonly runDir: string,
    /** The temp copy of the fixture workspace that VS Code has open. */
    readonly workspace: string,
    readonly userDataDir: string,
    readonly url: string,
  ) {
    page.on('console', (message) => this.recordConsole(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => this.recordConsole(`[pageerror] ${error.stack ?? error.message}`));
  }

  /** Starts code-server and the browser. On failure saves artifacts as "<suite>-startup" and cleans up. */
  static async start(options: StartOptions): Promise<VsCode> {
    const runDir = await mkdtemp(join(tmpdir(), `iam-e2e-${slug(options.suite)}-`));
    liveRunDirs.add(runDir);
    const dirs = {
      workspace: join(runDir, 'workspace'),
      userData: join(runDir, 'user-data'),
      extensions: join(runDir, 'extensions'),
      xdg: join(runDir, 'xdg'),
      tmp: join(runDir, 'tmp'),
    };
    const configFile = join(runDir, 'config.yaml');
    const serverLog = join(runDir, 'code-server.log');
    let server: ChildProcess | undefined;
    let browser: BrowserContext | undefined;
    let page: Page | undefined;
    let session: VsCode | undefined;
    try {
      if (!existsSync(codeServerBin)) {
        throw new Error(`code-server is not installed at ${codeServerBin}. Run: bash scripts/e2e-setup.sh`);
      }
      await cp(options.workspace ?? fixtureWorkspace, dirs.workspace, { recursive: true });
      await mkdir(join(dirs.userData, 'User'), { recursive: true });
      await mkdir(dirs.extensions, { recursive: true });
      await mkdir(dirs.tmp, { recursive: true });
      await writeFile(join(dirs.userData, 'User/settings.json'), JSON.stringify({ ...baseSettings, ...options.settings }, null, 2));
      await writeFile(configFile, 'auth: none\ncert: false\n');
      const env = serverEnv(dirs.xdg, dirs.tmp);

      const vsix = options.vsix === undefined ? process.env.E2E_VSIX || join(repoRoot, 'iam-policy-author.vsix') : options.vsix;
      if (vsix !== null) installExtension(vsix, dirs.extensions, dirs.userData, configFile, env);

      const started = await startServer(['--config', configFile, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions], env, serverLog);
      server = started.server;
      const url = started.url;

      // A persistent context keeps the browser profile in the run folder; the environment keeps
      // Chromium's crash-report folder and temp files there too, out of $HOME and /tmp.
      browser = await chromium.launchPersistentContext(join(runDir, 'chromium'), {
        executablePath: chromiumPath,
        args: chromiumArgs,
        viewport: { width: 1400, height: 900 },
        locale: 'en-US',
        env: { ...process.env, XDG_CONFIG_HOME: join(dirs.xdg, 'chromium'), TMPDIR: dirs.tmp },
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      session = new VsCode(options.suite, page, browser, server, runDir, dirs.workspace, dirs.userData, url);
      await page.goto(`${url}/?${new URLSearchParams({ folder: dirs.workspace })}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      return session;
    } catch (error) {
      if (session) {
        await session.saveArtifacts(`${options.suite}-startup`, error);
        await session.stop();
      } else {
        await saveStartupArtifacts(`${options.suite}-startup`, error, serverLog, dirs.userData, page);
        await browser?.close().catch(() => undefined);
        if (server) await stopServer(server);
        await removeRunDir(runDir);
      }
      throw error;
    }
  }

  // ---- workspace files ----------------------------------------------------------------------

  /** Absolute path of a workspace file, given relative to the workspace root. */
  path(relativePath: string): string {
    return join(this.workspace, relativePath);
  }

  async writeFile(relativePath: string, text: string): Promise<void> {
    await mkdir(dirname(this.path(relativePath)), { recursive: true });
    await writeFile(this.path(relativePath), text);
  }

  readFile(relativePath: string): Promise<string> {
    return readFile(this.path(relativePath), 'utf8');
  }

  // ---- opening files and running commands ---------------------------------------------------

  /** Opens a file by clicking through the Explorer tree (folders are expanded on the way). */
  async openFromExplorer(relativePath: string): Promise<void> {
    const explorerRow = (name: string, level: number) => this.page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${level}"][aria-label="${name}"]`);
    if (!(await this.page.locator('.explorer-folders-view').isVisible())) await this.page.keyboard.press('Control+Shift+E');
    const parts = relativePath.split('/');
    for (const [index, name] of parts.entries()) {
      const row = explorerRow(name, index + 1);
      await row.waitFor({ timeout: waitTimeout });
      if (index < parts.length - 1) {
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      } else {
        await row.click();
      }
      await this.parkMouse();
    }
    await this.waitForActiveEditor(relativePath);
  }

  /** Opens a file through Quick Open (Ctrl+P), the way most people do. */
  async quickOpen(relativePath: string): Promise<void> {
    await this.openQuickInput('Control+P');
    await this.page.keyboard.type(relativePath);
    const name = basename(relativePath);
    const folder = dirname(relativePath);
    await this.chooseQuickInputRow((row) => row.label === name && (folder === '.' || row.description.replace(/\\/g, '/').endsWith(folder)), `"${relativePath}" in Quick Open`);
    await this.waitForActiveEditor(relativePath);
  }

  /** Runs a command by its title as the Command Palette lists it, e.g. "File: Revert File". */
  async runCommand(title: string): Promise<void> {
    await this.openQuickInput('F1');
    await this.page.keyboard.type(title);
    await this.chooseQuickInputRow((row) => row.label === title, `command "${title}" in the Command Palette`);
  }

  /**
   * Saves the active editor (File: Save) and waits until its tab is no longer dirty: only then has VS Code recorded
   * the saved file's time and size. A test that writes the file before that (its text is on disk a moment earlier)
   * can have VS Code take that write for its own save and never reload it.
   */
  async save(): Promise<void> {
    await this.runCommand('File: Save');
    await waitFor(
      () => this.page.locator('.editor-group-container.active .tab.active.dirty').count(),
      (dirty) => dirty === 0,
      'the active editor to be saved',
    );
  }

  /** Moves the mouse to an empty part of the title bar, so no tooltip covers what comes next. */
  async parkMouse(): Promise<void> {
    await this.page.mouse.move(200, 4);
  }

  /** Waits until the active tab shows `relativePath` and its text is rendered. */
  async waitForActiveEditor(relativePath: string): Promise<void> {
    const name = basename(relativePath);
    await this.page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: waitTimeout });
    await this.editor().locator('.view-lines .view-line').first().waitFor({ timeout: waitTimeout });
  }

  private async openQuickInput(key: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible()) await this.page.keyboard.press('Escape');
    await this.page.keyboard.press(key);
    await this.page.locator('.quick-input-widget .quick-input-box input:focus').waitFor({ timeout: waitTimeout });
  }

  private async chooseQuickInputRow(matches: (row: { label: string; description: string }) => boolean, what: string): Promise<void> {
    const rowsLocator = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const readRows = () =>
      rowsLocator.evaluateAll((rows: DomElement[]) =>
        rows.map((row) => ({
          label: row.querySelector('.label-name')?.textContent ?? '',
          description: row.querySelector('.label-description')?.textContent ?? '',
          focused: row.classList.contains('focused'),
          index: Number(row.getAttribute('data-index')),
        })),
      );
    const rows = await waitFor(readRows, (all) => all.some(matches), what);
    const target = rows.find(matches)!;
    if (target.focused) await this.page.keyboard.press('Enter');
    else await rowsLocator.and(this.page.locator(`[data-index="${target.index}"]`)).click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: waitTimeout });
  }

  // ---- the active editor --------------------------------------------------------------------

  /** The editor widget of the active editor group. */
  editor() {
    return this.page.locator('.editor-group-container.active .editor-container .monaco-editor').first();
  }

  /** Gives the active editor keyboard focus without moving its cursor. */
  async focusEditor(): Promise<void> {
    // With a webview (or nothing) in front of the active group there is no text editor to focus: say so, rather than
    // let the locator below wait out its own timeout.
    await waitFor(
      () => this.editor().count(),
      (count) => count > 0,
      'a text editor in front of the active editor group',
    );
    const focused = () => this.editor().evaluate((editor: DomElement) => editor.contains(document.activeElement) && document.activeElement !== document.body);
    if (await focused()) return;
    await this.page.locator('.editor-group-container.active .tab.active').click();
    await waitFor(focused, Boolean, 'the editor to take keyboard focus');
  }

  /**
   * The text of the active editor, read from its rendered lines. Monaco renders only the lines in
   * view, so this refuses documents taller than the editor; keep e2e fixtures short.
   */
  async editorText(): Promise<string> {
    const result = await this.editor().evaluate((editor: DomElement) => {
      const lines = [...editor.querySelectorAll('.view-lines > .view-line')]
        .map((line) => ({ top: parseFloat(line.style.top), height: line.offsetHeight, text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top);
      const firstNumber = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')]
        .map((n) => ({ top: parseFloat(n.parentElement?.style.top ?? 'NaN'), number: Number(n.textContent) }))
        .sort((a, b) => a.top - b.top)[0]?.number;
      const viewport = editor.querySelector('.editor-scrollable')?.clientHeight ?? 0;
      const last = lines[lines.length - 1];
      const truncated = (firstNumber !== undefined && firstNumber !== 1) || (last !== undefined && last.top + last.height >= viewport);
      return { text: lines.map((l) => l.text).join('\n'), truncated };
    });
    if (result.truncated) throw new Error('The document is taller than the editor viewport, so its text cannot be read from the DOM; use a shorter fixture.');
    return result.text;
  }

  /**
   * Waits until the active editor shows exactly `expected`. An edit (a typed key, an accepted suggestion, a quick fix
   * applied through the language server) is drawn in a later frame, so read the text after it this way, not once.
   */
  async waitForEditorText(expected: string, what = 'the editor to show the expected text'): Promise<string> {
    return waitFor(
      () => this.editorText(),
      (shown) => shown === expected,
      what,
    );
  }

  /**
   * The text of line `line` (1-based) of the active editor, read from the rendered line beside that line number;
   * undefined while the line is out of view. Works for documents taller than the editor.
   */
  async lineText(line: number): Promise<string | undefined> {
    return this.editor().evaluate((editor: DomElement, wanted: number) => {
      const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find((n) => Number(n.textContent) === wanted);
      const top = number?.parentElement?.style.top;
      if (top === undefined) return undefined;
      const rendered = [...editor.querySelectorAll('.view-lines > .view-line')].find((l) => l.style.top === top);
      return rendered === undefined ? undefined : (rendered.textContent ?? '').replace(/\u00a0/g, ' ');
    }, line);
  }

  /**
   * Waits until line `line` shows exactly `text`. After a file changes on disk, VS Code reloads an open editor
   * some time later, and the reload moves a cursor that sits in a changed line: wait for this before going there.
   * The line must be in view (move the cursor to an unchanged line next to it first).
   */
  async waitForLineText(line: number, text: string, what = `line ${line} to read ${JSON.stringify(text)}`): Promise<void> {
    await waitFor(
      () => this.lineText(line),
      (shown) => shown === text,
      what,
    );
  }

  /** Types like a person: key by key, so auto-closing quotes and brackets apply. */
  async typeText(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.type(text);
  }

  /** Inserts text at the cursor as one paste (no auto-indent or auto-closing). */
  async pasteText(text: string): Promise<void> {
    await this.focusEditor();
    // The clipboard of a headless browser is not usable; a synthetic paste event carries the text
    // to Monaco's own paste handler instead.
    const delivered = await this.page.evaluate((value) => {
      const target = document.activeElement;
      if (!target) return false;
      const data = new DataTransfer();
      data.setData('text/plain', value);
      return !target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    if (!delivered) throw new Error('The editor did not take the pasted text.');
  }

  /** Replaces the whole document and waits until the editor shows the new text. */
  async replaceEditorText(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+A');
    await this.pasteText(text);
    // Tabs render as spaces, so only tab-free text can be compared exactly.
    if (!text.includes('\t'))
      await waitFor(
        () => this.editorText(),
        (shown) => shown === text.replace(/\r\n/g, '\n'),
        'the editor to show the replaced text',
      );
  }

  /** Moves the cursor with Go to Line (Ctrl+G); line and column are 1-based. */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.openQuickInput('Control+G');
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: waitTimeout });
    await waitFor(
      () => this.cursorPosition(),
      (p) => p.line === line && p.column === column,
      `the cursor at ${line}:${column}`,
    );
  }

  /** The cursor position as the status bar shows it ("Ln 6, Col 17"). */
  async cursorPosition(): Promise<{ line: number; column: number }> {
    const text = (await this.page.locator('[id="status.editor.selection"]').textContent()) ?? '';
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    if (!match) throw new Error(`No cursor position in the status bar: ${JSON.stringify(text)}`);
    return { line: Number(match[1]), column: Number(match[2]) };
  }

  /** Number of squiggles of the given kind drawn in the active editor. */
  squiggleCount(kind: 'error' | 'warning' | 'info' = 'error'): Promise<number> {
    return this.editor().locator(`.squiggly-${kind}`).count();
  }

  waitForSquiggles(kind: 'error' | 'warning' | 'info' = 'error'): Promise<number> {
    return waitFor(
      () => this.squiggleCount(kind),
      (n) => n > 0,
      `a .squiggly-${kind} in the active editor`,
    );
  }

  async waitForNoSquiggles(kind: 'error' | 'warning' | 'info' = 'error'): Promise<void> {
    await waitFor(
      () => this.squiggleCount(kind),
      (n) => n === 0,
      `no .squiggly-${kind} in the active editor`,
    );
  }

  // ---- suggestions, hovers, tokens ----------------------------------------------------------

  /** Labels in the open suggest widget, in list order (only the rendered rows). */
  suggestionLabels(): Promise<string[]> {
    return this.editor()
      .locator('.suggest-widget.visible .monaco-list-row')
      .evaluateAll((rows: DomElement[]) =>
        rows.sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'))).map((row) => row.querySelector('.label-name')?.textContent ?? ''),
      );
  }

  /** Opens suggestions with Ctrl+Space and returns their labels once some are listed. */
  async triggerSuggest(): Promise<string[]> {
    await this.focusEditor();
    if (await this.editor().locator('.suggest-widget.visible').count()) await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+Space');
    return waitFor(
      () => this.suggestionLabels(),
      (labels) => labels.length > 0,
      'the suggest widget to list suggestions',
    );
  }

  /** Selects the suggestion with this exact label and accepts it with Enter. */
  async acceptSuggestion(label: string): Promise<void> {
    await waitFor(
      () => this.suggestionLabels(),
      (labels) => labels.includes(label),
      `suggestion "${label}"`,
    );
    // The list may still be changing (filled again as more items arrive): an Enter pressed as it changes takes whatever
    // item then sits at the selection (one CI run wrote `${!aws:PrincipalAccount}` for `AWS::Partition`). The selection
    // moves once two reads of the list 200 ms apart agree.
    let previous: string | undefined;
    await waitFor(
      async () => {
        const now = JSON.stringify(await this.suggestionLabels());
        const settled = now === previous;
        previous = now;
        if (!settled) await new Promise((resolve) => setTimeout(resolve, 200));
        return settled;
      },
      (settled) => settled,
      `the suggestions to stop changing before "${label}" is taken`,
    );
    const focusedLabel = () => this.editor().locator('.suggest-widget.visible .monaco-list-row.focused .label-name').textContent();
    // One step at a time, each once drawn: a key pressed before the list shows the last one overshoots. A press the
    // widget drops (one CI run: the selection stayed put for 30 s after an ArrowDown) is pressed again, twice at most.
    for (let step = 0, focused = await focusedLabel(); focused !== label; step++) {
      if (step > 50) throw new Error(`Could not move the suggest selection to "${label}".`);
      const before = focused;
      for (let press = 1; ; press++) {
        await this.page.keyboard.press('ArrowDown');
        const last = press === 3;
        try {
          focused = await waitFor(focusedLabel, (now) => now !== before, `the suggest selection to move from "${before}"`, last ? waitTimeout : 5_000);
          break;
        } catch (error) {
          if (last) throw error;
        }
      }
    }
    await this.page.keyboard.press('Enter');
    // The widget closes; an item whose command suggests again (a service prefix) opens it anew on other items, which
    // a poll may see without ever seeing it closed. Either way the accepted item is no longer the selected one.
    await waitFor(
      () => this.editor().locator('.suggest-widget.visible .monaco-list-row.focused .label-name').allTextContents(),
      (focused) => !focused.includes(label),
      `the suggest widget to take "${label}" (and close, or list other items)`,
    );
  }

  /** Rests the mouse on the `occurrence`-th (0-based) `needle` in the editor and returns the hover text. */
  async hover(needle: string, occurrence = 0): Promise<string> {
    const { rect } = await this.inspectText(needle, occurrence);
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content');
    const shown = async () => ((await hover.count()) ? hover.first().innerText() : '');
    const ready = (text: string) => text.trim() !== '' && !/^Loading\.\.\.$/m.test(text);
    // A mouse move VS Code does not take as the start of a hover (a loaded machine, a widget closing) opens nothing:
    // moved off and on again, a few times, before the wait that fails the test.
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.page.mouse.move(rect.x + rect.width / 2, rect.y - 40);
      await this.page.mouse.move(rect.x + rect.width / 2, rect.y + rect.height / 2, { steps: 4 });
      try {
        return await waitFor(shown, (text) => text.trim() !== '', `a hover over "${needle}" to open`, 5_000).then(() => waitFor(shown, ready, `a hover over "${needle}"`));
      } catch (error) {
        if (!String(error).includes('to open')) throw error;
      }
    }
    return waitFor(shown, ready, `a hover over "${needle}"`);
  }

  /** The coloured token spans that render the `occurrence`-th (0-based) `needle` in the active editor. */
  async tokensOf(needle: string, occurrence = 0): Promise<Token[]> {
    return (await this.inspectText(needle, occurrence)).tokens;
  }

  private async inspectText(needle: string, occurrence: number): Promise<RenderedText> {
    const found = await waitFor(
      () =>
        this.editor().evaluate(
          (editor: DomElement, { needle, occurrence }): RenderedText | undefined => {
            const lines = [...editor.querySelectorAll('.view-lines > .view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
            let seen = 0;
            for (const line of lines) {
              const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
              for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                if (seen++ < occurrence) continue;
                const end = at + needle.length;
                const tokens: Token[] = [];
                const range = document.createRange();
                let offset = 0;
                for (const span of line.querySelectorAll('span')) {
                  if (span.querySelector('span')) continue;
                  const node = span.firstChild;
                  const length = span.textContent?.length ?? 0;
                  const from = offset;
                  offset += length;
                  if (!node || offset <= at || from >= end) continue;
                  tokens.push({ text: (span.textContent ?? '').replace(/\u00a0/g, ' '), className: span.className, color: getComputedStyle(span).color });
                  if (from <= at) range.setStart(node, at - from);
                  if (offset >= end) range.setEnd(node, end - from);
                }
                const box = range.getBoundingClientRect();
                return { tokens, rect: { x: box.x, y: box.y, width: box.width, height: box.height } };
              }
            }
            return undefined;
          },
          { needle, occurrence },
        ),
      (result) => result !== undefined,
      `"${needle}" (occurrence ${occurrence}) rendered in the active editor`,
    );
    return found!;
  }

  // ---- the Problems panel -------------------------------------------------------------------

  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (await panel.isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: waitTimeout });
  }

  /** The entries the Problems panel shows (opening it if needed); only rendered rows, so keep their number small. */
  async problems(): Promise<Problem[]> {
    await this.showProblems();
    const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements: DomElement[]) =>
      elements
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => ({
          level: row.getAttribute('aria-level'),
          path: row.querySelector('.monaco-icon-label')?.getAttribute('aria-label') ?? '',
          icon: row.querySelector('.marker-icon')?.className ?? '',
          message: [...row.querySelectorAll('.marker-message')].map((m) => m.textContent ?? '').join('\n'),
          source: row.querySelector('.marker-source')?.textContent ?? '',
          code: row.querySelector('.marker-code')?.textContent ?? '',
          position: row.querySelector('.marker-line')?.textContent ?? '',
        })),
    );
    const problems: Problem[] = [];
    let file = '';
    for (const row of rows) {
      if (row.level === '1') {
        file = relative(this.workspace, row.path).split('\\').join('/');
        continue;
      }
      if (row.level !== '2') continue;
      const position = /Ln (\d+), Col (\d+)/.exec(row.position);
      const severity = (['error', 'warning', 'info'] as const).find((s) => row.icon.split(' ').includes(s)) ?? 'unknown';
      problems.push({ file, severity, message: row.message, source: row.source, code: row.code, line: Number(position?.[1] ?? 0), column: Number(position?.[2] ?? 0) });
    }
    return problems;
  }

  /**
   * Shows only the problems of the files `glob` matches (`**\/reports-stack.ts`); '' shows them all again. The panel
   * renders only the rows in view, so a file's problems can sit below what problems() sees when other files have many.
   */
  async filterProblems(glob: string): Promise<void> {
    await this.showProblems();
    await this.page.locator('input[aria-label="Filter Problems"]').first().fill(glob);
  }

  /** Polls the Problems panel until `accept` holds; returns those problems. */
  waitForProblems(accept: (problems: Problem[]) => boolean, what: string): Promise<Problem[]> {
    return waitFor(() => this.problems(), accept, what);
  }

  // ---- logs ---------------------------------------------------------------------------------

  /** Files under the user-data `logs/` folder, where code-server writes the extension host's logs. */
  logFiles(): Promise<string[]> {
    return listFiles(join(this.userDataDir, 'logs'));
  }

  /** The extension host log (all extension hosts of this run, in order). */
  async extensionHostLog(): Promise<string> {
    const files = (await this.logFiles()).filter((f) => /exthost\d*[\\/]remoteexthost\.log$/.test(f)).sort();
    return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
  }

  /** `[error]` entries of the extension host log (with their stack lines) that mention `id`. */
  async extensionHostErrors(id = extensionId): Promise<string[]> {
    const entries = (await this.extensionHostLog()).split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/);
    return entries.filter((entry) => /^\S+ \S+ \[error\]/.test(entry) && entry.includes(id));
  }

  /**
   * Waits until the extension host starts activating `id` (the log has no line for success) and
   * fails if activation has already failed. Later failures show in `extensionHostErrors`.
   */
  async waitForActivation(id = extensionId): Promise<void> {
    const failed = (text: string) => text.includes(`Activating extension ${id} failed`) || text.includes(`Activating extension '${id}' failed`);
    const log = await waitFor(
      () => this.extensionHostLog(),
      (text) => text.includes(`_doActivateExtension ${id}`) || failed(text),
      `the extension host to activate ${id}`,
    );
    if (failed(log)) throw new Error(`Activating ${id} failed:\n${(await this.extensionHostErrors(id)).join('\n')}`);
  }

  /** Text of an output channel, e.g. "IAM Policy Author", as the extension host logged it to disk ('' if none yet). */
  async outputChannel(name: string): Promise<string> {
    const files = (await this.logFiles()).filter((f) => basename(f).replace(/^\d+-/, '') === `${name}.log`).sort();
    return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
  }

  // ---- failure artifacts and shutdown -------------------------------------------------------

  private recordConsole(line: string): void {
    this.consoleLines.push(line);
    if (this.consoleLines.length > 5_000) this.consoleLines.shift();
  }

  /**
   * Saves a screenshot, the page's DOM, the browser console, code-server's own log and the user-data
   * logs (extension host, output channels) into test-results/e2e/<name>/, and prints where.
   */
  async saveArtifacts(name: string, error?: unknown): Promise<string> {
    const dir = join(resultsRoot, slug(name));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const steps: Promise<unknown>[] = [
      this.page.screenshot({ path: join(dir, 'screenshot.png'), timeout: 10_000 }),
      this.page.content().then((html) => writeFile(join(dir, 'page.html'), html)),
      writeFile(join(dir, 'browser-console.log'), this.consoleLines.join('\n')),
      cp(join(this.runDir, 'code-server.log'), join(dir, 'code-server.log')),
      cp(join(this.userDataDir, 'logs'), join(dir, 'logs'), { recursive: true }),
      cp(join(this.runDir, 'xdg/data/code-server/coder-logs'), join(dir, 'coder-logs'), { recursive: true }),
    ];
    if (error !== undefined) steps.push(writeFile(join(dir, 'error.txt'), error instanceof Error ? `${error.stack ?? error.message}\n` : `${String(error)}\n`));
    await Promise.allSettled(steps);
    console.error(`e2e: artifacts for "${name}" saved in ${relative(process.cwd(), dir) || dir}`);
    return dir;
  }

  /** Closes the browser and stops code-server (and everything it started); safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.browser.close().catch(() => undefined);
    await stopServer(this.server);
    await removeRunDir(this.runDir);
  }
}

export function startVsCode(options: StartOptions): Promise<VsCode> {
  return VsCode.start(options);
}

/**
 * Registers one VS Code for the calling test file: started before the first test, always stopped
 * after the last. Its `test` wraps node:test so that a failing (or hung) test leaves artifacts.
 */
export function useVsCode(options: StartOptions) {
  let session: VsCode | undefined;
  before(
    async () => {
      session = await startVsCode(options);
    },
    { timeout: 180_000 },
  );
  after(async () => {
    await session?.stop();
  });
  return {
    get session(): VsCode {
      if (!session) throw new Error('VS Code is not running (see the error of the "before" hook).');
      return session;
    },
    test(name: string, fn: (vs: VsCode) => Promise<void>, { timeout = 120_000 } = {}): void {
      test(name, { timeout: timeout + 30_000 }, async () => {
        if (!session) throw new Error('VS Code is not running (see the error of the "before" hook).');
        const vs = session;
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            fn(vs),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`"${name}" did not finish within ${timeout} ms.`)), timeout);
            }),
          ]);
        } catch (error) {
          await vs.saveArtifacts(name, error);
          throw error;
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}

function serverEnv(xdgRoot: string, tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Inside a VS Code terminal these would make code-server hand our request to that VS Code;
  // PORT and PASSWORD would override our flags.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key.startsWith('CODE_SERVER_') || ['PORT', 'PASSWORD', 'HASHED_PASSWORD'].includes(key)) delete env[key];
  }
  // code-server keeps its own state under the XDG folders; keep it in the run folder, out of $HOME.
  env.XDG_DATA_HOME = join(xdgRoot, 'data');
  env.XDG_CONFIG_HOME = join(xdgRoot, 'config');
  env.XDG_CACHE_HOME = join(xdgRoot, 'cache');
  // Its IPC sockets (vscode-ipc-*.sock, vscode-git-*.sock) go to the temp folder; keep them here too.
  env.TMPDIR = tmp;
  return env;
}

function installExtension(vsix: string, extensionsDir: string, userDataDir: string, configFile: string, env: NodeJS.ProcessEnv): void {
  if (!existsSync(vsix)) throw new Error(`No extension package at ${vsix}. Build it with: npm run package (or run node scripts/run-e2e.mjs).`);
  const result = spawnSync(codeServerBin, ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const installed = readdirSync(extensionsDir).some((entry) => entry.toLowerCase().startsWith(`${extensionId}-`));
  if (result.status !== 0 || !installed) {
    throw new Error(`Installing ${vsix} into code-server failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Starts code-server on a free loopback port and waits until it answers. The port is free when
 * chosen but may be taken before code-server binds it; then it tries another. Stops what it
 * started if it fails.
 */
async function startServer(args: string[], env: NodeJS.ProcessEnv, serverLog: string): Promise<{ server: ChildProcess; url: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const logFd = openSync(serverLog, 'a');
    const server = spawn(
      codeServerBin,
      [
        ...args,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--locale',
        'en',
      ],
      { env, detached: true, stdio: ['ignore', logFd, logFd] },
    );
    closeSync(logFd);
    if (server.pid === undefined) throw new Error(`Could not start ${codeServerBin}.`);
    liveGroups.add(server.pid);
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForServer(url, server, serverLog);
      return { server, url };
    } catch (error) {
      await stopServer(server);
      if (attempt >= 3 || !readFileSync(serverLog, 'utf8').includes('EADDRINUSE')) throw error;
    }
  }
}

async function waitForServer(url: string, server: ChildProcess, serverLog: string): Promise<void> {
  let exited: string | undefined;
  server.once('exit', (code, signal) => {
    exited = `code-server exited (${signal ?? code}) before it answered`;
  });
  await waitFor(
    async () => {
      if (exited) throw new Error(`${exited}:\n${readFileSync(serverLog, 'utf8').slice(-4_000)}`);
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      return response.ok;
    },
    (ok) => ok || exited !== undefined,
    `code-server to answer on ${url}`,
    60_000,
  );
  if (exited) throw new Error(`${exited}:\n${readFileSync(serverLog, 'utf8').slice(-4_000)}`);
}

async function stopServer(server: ChildProcess): Promise<void> {
  const pid = server.pid;
  if (pid === undefined) return;
  const exited = server.exitCode !== null || server.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => server.once('exit', () => resolve()));
  killGroup(pid, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
  // The group's other members (extension host, language server) may outlive the parent briefly.
  killGroup(pid, 'SIGKILL');
  if (!stopped) await Promise.race([exited, delay(2_000)]);
  liveGroups.delete(pid);
}

async function removeRunDir(runDir: string): Promise<void> {
  if (process.env.E2E_KEEP) console.error(`e2e: kept ${runDir}`);
  else await rm(runDir, { recursive: true, force: true });
  liveRunDirs.delete(runDir);
}

async function saveStartupArtifacts(name: string, error: unknown, serverLog: string, userDataDir: string, page: Page | undefined): Promise<void> {
  const dir = join(resultsRoot, slug(name));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await Promise.allSettled([
    page?.screenshot({ path: join(dir, 'screenshot.png'), timeout: 10_000 }),
    cp(serverLog, join(dir, 'code-server.log')),
    cp(join(userDataDir, 'logs'), join(dir, 'logs'), { recursive: true }),
    writeFile(join(dir, 'error.txt'), error instanceof Error ? `${error.stack ?? error.message}\n` : `${String(error)}\n`),
  ]);
  console.error(`e2e: artifacts for "${name}" saved in ${relative(process.cwd(), dir) || dir}`);
}
