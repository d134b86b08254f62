// Runs inside the request panel's webview (browser bundle). It never holds a token or a secret
// and never talks to the network: every request goes through the extension host.
import type { HostToWebview, WebviewToHost } from '../protocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  document.body.dataset.lastMessage = event.data.type;
});
vscode.postMessage({ type: 'ready' });
