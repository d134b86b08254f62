// "Open in Editor" for a response body: a read-only virtual document named after the request
// (`cinema-chains.json`), so it is highlighted and searchable like any file, and closing it never
// asks to save an `Untitled-1`. The last few bodies are kept for VS Code to read back.
import * as vscode from 'vscode';

export const RESPONSE_SCHEME = 'mx-response';
const KEPT = 5;

export class ResponseDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private counter = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This response is no longer in memory; send the request again and open it anew.';
  }

  async open(content: string, language: 'json' | 'plaintext', name: string): Promise<void> {
    // a folder per opening keeps the file name as the tab's title and two answers apart
    const uri = vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/${++this.counter}/${name}` });
    this.contents.set(uri.toString(), content);
    for (const key of this.contents.keys()) {
      if (this.contents.size <= KEPT) break;
      this.contents.delete(key);
    }
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}
