// The one `mx.session` status bar item: who is signed in and how long the token has left,
// re-rendered on every session change and on its own schedule while it counts down.
import * as vscode from 'vscode';
import type { SessionState } from '../auth/tokenSession';
import { sessionView } from './sessionView';

const BACKGROUNDS = {
  normal: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
} as const;

export class SessionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mx.session', vscode.StatusBarAlignment.Left, 50);
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    onDidChangeState: vscode.Event<SessionState | undefined>,
    private state: SessionState | undefined,
    /** How many profiles exist: with more than one, the client ID shows too. */
    private readonly profileCount: () => number = () => 1,
  ) {
    this.item.name = 'MX Explorer session';
    this.subscription = onDidChangeState((next) => {
      this.state = next;
      this.render();
    });
    this.render();
    this.item.show();
  }

  private render(): void {
    clearTimeout(this.timer);
    const view = sessionView(this.state, Date.now(), undefined, this.profileCount() > 1);
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = BACKGROUNDS[view.severity];
    this.item.command = this.state ? 'mx.sessionMenu' : 'mx.signIn';
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, '') };
    // +50 ms: render just after the boundary, so the new value is already due
    if (view.refreshInMs !== undefined) this.timer = setTimeout(() => this.render(), view.refreshInMs + 50);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
