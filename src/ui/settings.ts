// Reads the `mx.*` settings and keeps them current; invalid entries are reported, never fatal.
import * as vscode from 'vscode';
import type { Logger } from '../base/logger';
import type { SessionSettings } from '../auth/sessionManager';
import { MxEnvironment, parseConfiguredEnvironments, PRODUCTION, STAGING } from '../mx/environments';

export class EnvironmentSettings implements vscode.Disposable {
  private configured: readonly MxEnvironment[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: Logger) {
    this.reload();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('mx.environments')) this.reload();
    });
  }

  /** Staging, Production, then the configured environments. */
  all(): readonly MxEnvironment[] {
    return [STAGING, PRODUCTION, ...this.configured];
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private reload(): void {
    const { environments, problems } = parseConfiguredEnvironments(
      vscode.workspace.getConfiguration('mx').get<unknown>('environments', []),
    );
    this.configured = environments;
    for (const problem of problems) this.log.warn(`Setting mx.environments: ${problem}`);
    this.log.info(`Environments: ${this.all().map((e) => e.name).join(', ')}`);
  }
}

/** The token lifecycle settings, read when a session starts. */
export function sessionSettings(): SessionSettings {
  const mx = vscode.workspace.getConfiguration('mx');
  return {
    // unset: the session's default (refreshScheduler.ts)
    refreshFraction: mx.get<number>('refreshAtFractionOfLifetime'),
    timeoutMs: Math.round(mx.get<number>('requestTimeoutSeconds', 30) * 1000),
  };
}

/** The request panel's settings. */
export function panelSettings(): { historySize: number; timeoutMs: number; treeLimitBytes: number } {
  const mx = vscode.workspace.getConfiguration('mx');
  return {
    historySize: mx.get<number>('historySize', 50),
    timeoutMs: Math.round(mx.get<number>('requestTimeoutSeconds', 30) * 1000),
    treeLimitBytes: Math.round(mx.get<number>('maxResponseSizeMB', 50) * 1024 * 1024),
  };
}
