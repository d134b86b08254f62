// "MX: Save Request as .http File": the request in the panel's editor, or one or several requests
// picked from the panel's history, written on {{mxApi}} with implicit credentials (never a token
// or secret) into a new untitled `.http` file or at the end of the `.http` file in sight.
import * as vscode from 'vscode';
import { toHttpText } from '../httpFiles/httpWriter';
import { findEndpoint } from '../mx/catalogue';
import type { HistoryEntry, RequestDraft } from '../protocol';
import { HTTP_LANGUAGE } from './httpLanguageFeatures';

/** The command; resolves with the URI of the document written to, or undefined when nothing was. */
export async function saveRequestsAsHttp(history: () => readonly HistoryEntry[], apiUrl: () => string | undefined): Promise<string | undefined> {
  const entries = history();
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('MX: send a request from the request panel first; its history is what can be saved as an .http file.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((entry, i) => ({
      label: `${entry.draft.method} ${entry.draft.url}`,
      description: [entry.status, entry.environmentName].filter((x) => x !== undefined).join(' · '),
      detail: new Date(entry.at).toLocaleString(),
      picked: i === 0,
      entry,
    })),
    { title: 'MX: Save Request as .http File', placeHolder: 'Requests from the history to save (no token or secret is written)', canPickMany: true },
  );
  if (!picked || picked.length === 0) return undefined;
  return writeHttpText(toHttpText(picked.map(({ entry }) => titled(entry.draft)), apiUrl()));
}

/** The request of the panel's editor, as it is. */
export async function saveDraftAsHttp(draft: RequestDraft, apiUrl: string | undefined): Promise<string | undefined> {
  return writeHttpText(toHttpText([titled(draft)], apiUrl));
}

function titled(draft: RequestDraft): { draft: RequestDraft; title?: string } {
  const endpoint = draft.endpointId ? findEndpoint(draft.endpointId) : undefined;
  return endpoint ? { draft, title: endpoint.title } : { draft };
}

/** Appends to the `.http` file in sight (if the user picks it) or opens a new one; the document's URI. */
async function writeHttpText(text: string): Promise<string | undefined> {
  const target = vscode.window.visibleTextEditors.find((e) => e.document.languageId === HTTP_LANGUAGE && !e.document.isUntitled);
  const choice = target
    ? await vscode.window.showQuickPick([`Append to ${vscode.workspace.asRelativePath(target.document.uri)}`, 'New .http file'], { title: 'MX: Save Request as .http File' })
    : 'New .http file';
  if (!choice) return undefined;
  if (target && choice.startsWith('Append')) {
    const document = target.document;
    const end = document.lineAt(document.lineCount - 1).range.end;
    const separator = document.getText().trim() === '' ? '' : document.getText().endsWith('\n') ? '\n' : '\n\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, end, separator + text);
    await vscode.workspace.applyEdit(edit);
    return document.uri.toString();
  }
  const document = await vscode.workspace.openTextDocument({ language: HTTP_LANGUAGE, content: text });
  await vscode.window.showTextDocument(document);
  return document.uri.toString();
}
