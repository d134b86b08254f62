// Where the auth layer writes. `vscode.LogOutputChannel` satisfies Logger as is; RedactingLogger
// puts every line through the session's Redactor, which learns each secret as soon as it is known.

/** What puts a line through the secrets known so far (the MX client's Redactor is one). */
export interface LineRedactor {
  redact(text: string): string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export class RedactingLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    readonly redactor: LineRedactor,
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
export function redacting(log: Logger, redactor: LineRedactor): RedactingLogger {
  return log instanceof RedactingLogger && log.redactor === redactor ? log : new RedactingLogger(log, redactor);
}
