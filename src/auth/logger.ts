// Where the auth layer writes. `vscode.LogOutputChannel` satisfies Logger as is; RedactingLogger
// puts every line through the session's Redactor, which learns each secret as soon as it is known.
import type { Redactor } from '../mx/redaction';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export class RedactingLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    readonly redactor: Redactor,
  ) {}

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string): void {
    this.write('error', message);
  }

  private write(level: keyof Logger, message: string): void {
    try {
      this.inner[level](this.redactor.redact(String(message)));
    } catch {
      // Logging must never break what is being logged.
    }
  }
}

/** Wraps `log` unless it already redacts with this very Redactor. */
export function redacting(log: Logger, redactor: Redactor): RedactingLogger {
  return log instanceof RedactingLogger && log.redactor === redactor ? log : new RedactingLogger(log, redactor);
}
