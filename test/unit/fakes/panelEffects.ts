// The VS Code side of the request panel (webview.postMessage, clipboard, dialogs, editors) as a
// recorder: PanelMessageHandler runs for real and this keeps everything it asked for.
import type { HostToWebview, RequestDraft } from '../../../src/protocol';
import type { PanelEffects } from '../../../src/panel/panelMessages';

export class RecordingPanelEffects implements PanelEffects {
  /** Every message posted to the webview, in order. */
  readonly posted: HostToWebview[] = [];
  readonly clipboard: string[] = [];
  readonly informed: string[] = [];
  readonly flashed: string[] = [];
  readonly confirmations: string[] = [];
  readonly documents: Array<{ content: string; language: 'json' | 'plaintext'; name: string }> = [];
  readonly savedFiles: Array<{ content: string; isJson: boolean }> = [];
  readonly savedAsHttp: RequestDraft[] = [];
  signInRequests = 0;
  /** What the modal confirmation answers ("Send" or not). */
  confirmAnswer = false;
  /** The path a save dialog reports, or undefined for a cancelled dialog. */
  savePath: string | undefined = '/home/user/mx-response.json';
  /** When set, saving fails with it, as a write to a read-only folder does. */
  saveError: Error | undefined;

  post(message: HostToWebview): void {
    this.posted.push(message);
  }

  async confirm(message: string): Promise<boolean> {
    this.confirmations.push(message);
    return this.confirmAnswer;
  }

  async writeClipboard(text: string): Promise<void> {
    this.clipboard.push(text);
  }

  inform(message: string): void {
    this.informed.push(message);
  }

  flash(message: string): void {
    this.flashed.push(message);
  }

  async openDocument(content: string, language: 'json' | 'plaintext', name: string): Promise<void> {
    this.documents.push({ content, language, name });
  }

  async saveFile(content: string, isJson: boolean): Promise<string | undefined> {
    if (this.saveError) {
      throw this.saveError;
    }
    this.savedFiles.push({ content, isJson });
    return this.savePath;
  }

  async signIn(): Promise<void> {
    this.signInRequests++;
  }

  async saveAsHttp(draft: RequestDraft): Promise<void> {
    this.savedAsHttp.push(draft);
  }

  /** How many things other than posting a message the handler asked VS Code for. */
  get sideEffects(): number {
    return (
      this.clipboard.length +
      this.informed.length +
      this.flashed.length +
      this.confirmations.length +
      this.documents.length +
      this.savedFiles.length +
      this.savedAsHttp.length +
      this.signInRequests
    );
  }

  /** The messages posted since `from` (an earlier `posted.length`). */
  since(from: number): HostToWebview[] {
    return this.posted.slice(from);
  }
}
