// The editor side of `.http` files: the `MX: Send` / `MX: Send All` CodeLenses, the problems
// (source "MX Explorer") with a quick fix for literal secrets, and the environment: its picker
// ("MX: Select .http Environment") and a status bar item while an `.http` file is active.
import * as vscode from 'vscode';
import { lintHttpFile } from '../httpFiles/httpLint';
import { completionsAt } from '../httpFiles/httpCompletion';
import { parseHttpFile, requestAtLine } from '../httpFiles/httpParser';
import { describeVariable, fileVariableMap, variableReferences } from '../httpFiles/httpVariables';
import type { HttpFileContext } from './httpFileContext';

export const HTTP_LANGUAGE = 'http';
const SOURCE = 'MX Explorer';
const LINT_DELAY_MS = 300;

export class HttpLanguageFeatures implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mx-http');
  private readonly statusItem = vscode.window.createStatusBarItem('mx.httpEnvironment', vscode.StatusBarAlignment.Left, 49);
  private readonly codeLensesChanged = new vscode.EventEmitter<void>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Env files whose problems are shown, so they can be cleared when fixed. */
  private envFileUris = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly context: HttpFileContext,
    onDidChangeSession: vscode.Event<unknown>,
  ) {
    this.statusItem.name = 'MX .http environment';
    this.statusItem.command = 'mx.http.selectEnvironment';
    this.subscriptions = [
      this.diagnostics,
      this.statusItem,
      this.codeLensesChanged,
      vscode.languages.registerCodeLensProvider({ language: HTTP_LANGUAGE }, { provideCodeLenses: (document) => this.codeLenses(document), onDidChangeCodeLenses: this.codeLensesChanged.event }),
      vscode.languages.registerCodeActionsProvider({ language: HTTP_LANGUAGE }, { provideCodeActions: (document, _range, ctx) => this.quickFixes(document, ctx) }, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
      vscode.languages.registerCompletionItemProvider({ language: HTTP_LANGUAGE }, { provideCompletionItems: (document, position) => this.completions(document, position) }, '{', '/'),
      vscode.languages.registerHoverProvider({ language: HTTP_LANGUAGE }, { provideHover: (document, position) => this.hover(document, position) }),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, LINT_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (/(^|\/)(http-client(\.private)?\.env\.json|\.env)$/.test(d.uri.path)) this.lintAll();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => void this.renderStatus()),
      vscode.window.onDidChangeVisibleTextEditors(() => void this.renderStatus()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mx.httpFiles.codeLens')) this.codeLensesChanged.fire();
      }),
      context.onDidChangeEnvironment(() => {
        void this.renderStatus();
        this.lintAll();
      }),
      onDidChangeSession(() => this.lintAll()),
    ];
    this.lintAll();
    void this.renderStatus();
  }

  private codeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('mx').get<boolean>('httpFiles.codeLens', true)) return [];
    const parsed = parseHttpFile(document.getText());
    return parsed.requests.flatMap((request, index) => {
      const range = new vscode.Range(request.requestLine, 0, request.requestLine, 0);
      const send = new vscode.CodeLens(range, { title: 'MX: Send', command: 'mx.http.send', arguments: [document.uri, index], tooltip: `Send ${request.method} with your MX session` });
      if (index > 0) return [send];
      return [send, new vscode.CodeLens(range, { title: 'MX: Send All', command: 'mx.http.sendAll', arguments: [document.uri], tooltip: 'Send every request of this file, in order' })];
    });
  }

  private async completions(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const parsed = parseHttpFile(document.getText());
    const before = document.lineAt(position.line).text.slice(0, position.character);
    const { sources } = await this.context.sources(document.uri, fileVariableMap(parsed.variables));
    const kinds = { variable: vscode.CompletionItemKind.Variable, path: vscode.CompletionItemKind.Reference, header: vscode.CompletionItemKind.Property } as const;
    return completionsAt(before, position.line, requestAtLine(parsed, position.line), sources).map((c) => {
      const item = new vscode.CompletionItem(c.label, kinds[c.kind]);
      item.insertText = new vscode.SnippetString(c.snippet);
      item.detail = c.detail;
      item.range = new vscode.Range(position.line, position.character - c.replaceChars, position.line, position.character);
      return item;
    });
  }

  /** What a `{{…}}` stands for and where it comes from; secrets are never shown. */
  private async hover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const ref = variableReferences(document.lineAt(position.line).text).find((r) => r.start <= position.character && position.character < r.end);
    if (!ref) return undefined;
    const parsed = parseHttpFile(document.getText());
    const { sources } = await this.context.sources(document.uri, fileVariableMap(parsed.variables));
    const text = describeVariable(ref.expression, sources);
    return new vscode.Hover(new vscode.MarkdownString(text), new vscode.Range(position.line, ref.start, position.line, ref.end));
  }

  private quickFixes(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => d.source === SOURCE && (d.code === 'literalToken' || d.code === 'literalClientSecret'))
      .map((d) => {
        const replacement = d.code === 'literalToken' ? '{{$auth.token("mx")}}' : '{{$mx.clientSecret}}';
        const action = new vscode.CodeAction(`Use ${replacement} (sent from your MX session)`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, d.range, replacement);
        action.diagnostics = [d];
        action.isPreferred = true;
        return action;
      });
  }

  /** MX: Select .http Environment (the command is registered at activation, see extension.ts). */
  async selectEnvironment(): Promise<string | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    const uri = document?.languageId === HTTP_LANGUAGE ? document.uri : vscode.workspace.workspaceFolders?.[0]?.uri;
    const names = uri ? await this.context.environmentNames(uri) : [];
    const none = 'No environment';
    const current = this.context.environment;
    const picked = await vscode.window.showQuickPick(
      [
        { label: none, description: 'only $shared values', picked: current === undefined },
        ...names.map((name) => ({ label: name, description: name === current ? 'current' : undefined, picked: name === current })),
      ],
      {
        title: 'MX: Select .http Environment',
        placeHolder: names.length > 0 ? 'Environment of http-client.env.json for {{variables}}' : 'No http-client.env.json found from this file up to the workspace folder',
      },
    );
    if (!picked) return undefined;
    const name = picked.label === none ? undefined : picked.label;
    await this.context.setEnvironment(name);
    return name ?? '';
  }

  private async renderStatus(): Promise<void> {
    // Shown while an .http file is in sight: focus moving to the request panel it sent to keeps it.
    if (!vscode.window.visibleTextEditors.some((editor) => editor.document.languageId === HTTP_LANGUAGE)) {
      this.statusItem.hide();
      return;
    }
    const environment = this.context.environment;
    this.statusItem.text = `$(server-environment) ${environment ?? 'No environment'}`;
    this.statusItem.tooltip = 'Environment of http-client.env.json used by this .http file (MX: Select .http Environment)';
    this.statusItem.accessibilityInformation = { label: `MX .http environment: ${environment ?? 'none'}` };
    this.statusItem.show();
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== HTTP_LANGUAGE) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.lint(document);
      }, delay),
    );
  }

  private lintAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private async lint(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const text = document.getText();
    const parsed = parseHttpFile(text);
    const { sources, env } = await this.context.sources(document.uri, fileVariableMap(parsed.variables));
    if (document.isClosed || document.getText() !== text) return; // a newer run follows
    const found = lintHttpFile(text, parsed, sources).map((p) => {
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(p.line, p.startChar, p.line, p.endChar),
        p.message,
        p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = SOURCE;
      diagnostic.code = p.code;
      return diagnostic;
    });
    this.diagnostics.set(document.uri, found);
    // A malformed env file: its problem on the file itself, at the JSON error.
    const envUris = new Set<string>();
    const byUri = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    for (const { uri, text: envText, problem } of env.problems) {
      const start = positionAt(envText, problem.offset);
      const end = positionAt(envText, problem.offset + Math.max(1, problem.length));
      const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, severity);
      diagnostic.source = SOURCE;
      const entry = byUri.get(uri.toString()) ?? { uri, list: [] };
      entry.list.push(diagnostic);
      byUri.set(uri.toString(), entry);
      envUris.add(uri.toString());
    }
    for (const { uri, list } of byUri.values()) this.diagnostics.set(uri, list);
    for (const old of this.envFileUris) if (!envUris.has(old)) this.diagnostics.delete(vscode.Uri.parse(old));
    this.envFileUris = envUris;
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const d of this.subscriptions) d.dispose();
  }
}

function positionAt(text: string, offset: number): vscode.Position {
  const before = text.slice(0, Math.min(offset, text.length));
  const lines = before.split('\n');
  return new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
}
