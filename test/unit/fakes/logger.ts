// Captures log lines the way a vscode.LogOutputChannel would show them.
import type { Logger } from '../../../src/base/logger';

export class CapturingLogger implements Logger {
  readonly lines: string[] = [];

  info(message: string): void {
    this.lines.push(`[info] ${message}`);
  }

  warn(message: string): void {
    this.lines.push(`[warn] ${message}`);
  }

  error(message: string): void {
    this.lines.push(`[error] ${message}`);
  }

  get text(): string {
    return this.lines.join('\n');
  }
}
