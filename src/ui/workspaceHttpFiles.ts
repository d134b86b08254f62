// The workspace's `.http` / `.rest` files, found with the file system (no editor opened), and the
// text they have now: the one rule for start-up (whether to load the `.http` features), the
// Testing view (its tests) and mx_run_http_request (named requests). Small on purpose: start-up
// loads it (it is not homed in the `http` bundle).
import * as vscode from 'vscode';

export const HTTP_FILES_GLOB = '**/*.{http,rest}';
export const HTTP_FILES_EXCLUDED = '**/node_modules/**';

/** The workspace's `.http` and `.rest` files (node_modules excluded), at most `max` of them. */
export function findWorkspaceHttpFiles(max?: number): Thenable<vscode.Uri[]> {
  return vscode.workspace.findFiles(HTTP_FILES_GLOB, HTTP_FILES_EXCLUDED, max);
}

/** The file's text as the user sees it: an open document's (edits not yet saved included), else the file's; undefined when it cannot be read. */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
