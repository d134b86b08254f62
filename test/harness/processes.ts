// Starts helper processes in their own process group and stops the whole group, so no
// code-server file watcher or extension host outlives a test run.
import { ChildProcess, spawn, spawnSync, SpawnOptions } from 'node:child_process';

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) killGroup(child, 'SIGTERM');
    process.exit(130);
  });
}

export interface GroupProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the group, then SIGKILL after `graceMs` if it is still there. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      running.delete(child);
      resolve(-1);
    });
  });
  const stop = async (graceMs = 5000): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    // children that ignored SIGTERM (code-server's file watcher) go with the group
    killGroup(child, 'SIGKILL');
  };
  return { child, exited, stop };
}

/**
 * Runs one preparation step (a build, an install) to its end in `cwd`, its output shown as it
 * comes. Throws, naming the step, when it cannot start or does not succeed; the step's own output
 * above says what failed and what to do.
 */
export function runStep(what: string, command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): void {
  const step = spawnSync(command, args, { cwd: options.cwd, stdio: ['ignore', 'inherit', 'inherit'], env: options.env });
  if (step.error) throw new Error(`${what} could not start: ${step.error.message}`);
  if (step.status !== 0) throw new Error(`${what} failed (${step.status === null ? `killed by ${step.signal}` : `exit ${step.status}`}; what failed and what to do is in its output above)`);
}

