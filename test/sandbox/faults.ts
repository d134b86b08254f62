// The fault switches: which request gets which fault, and how many times.
import type { SandboxFault, SandboxFaultKind } from './types';

const KINDS: readonly SandboxFaultKind[] = [
  'delay',
  'status',
  'reset',
  'malformedJson',
  'truncatedJson',
  'html',
  'emptyBody',
  'largeBody',
  'slowBody',
  'gzip',
  'hostileJson',
];

interface ActiveFault {
  readonly id: string;
  readonly fault: SandboxFault;
  remaining: number;
}

function isCount(value: unknown, min: number): boolean {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= min);
}

/** Checks a fault that may come from outside (the control API), so a typo fails loudly. */
export function validateFault(input: unknown): SandboxFault {
  const f = input as Partial<Record<keyof SandboxFault, unknown>> | null;
  if (typeof f !== 'object' || f === null) throw new TypeError('A fault must be an object');
  if (!KINDS.includes(f.kind as SandboxFaultKind)) throw new TypeError(`Unknown fault kind ${String(f.kind)}; expected one of ${KINDS.join(', ')}`);
  if (f.target !== undefined && f.target !== 'auth' && f.target !== 'api') throw new TypeError('target must be "auth" or "api"');
  if (f.pathPrefix !== undefined && typeof f.pathPrefix !== 'string') throw new TypeError('pathPrefix must be a string');
  if (f.status !== undefined && !(isCount(f.status, 100) && (f.status as number) <= 599)) throw new TypeError('status must be an HTTP status');
  for (const key of ['delayMs', 'sizeBytes', 'retryAfterSeconds'] as const) {
    if (!isCount(f[key], 0)) throw new TypeError(`${key} must be a non-negative integer`);
  }
  if (!isCount(f.times, 1)) throw new TypeError('times must be a positive integer');
  return input as SandboxFault;
}

export class FaultSwitchboard {
  private active: ActiveFault[] = [];
  private nextId = 1;

  add(fault: SandboxFault): string {
    const id = `fault-${this.nextId++}`;
    this.active.push({ id, fault: validateFault(fault), remaining: fault.times ?? Infinity });
    return id;
  }

  remove(id: string): boolean {
    const before = this.active.length;
    this.active = this.active.filter((a) => a.id !== id);
    return this.active.length < before;
  }

  clear(): void {
    this.active = [];
  }

  list(): { id: string; fault: SandboxFault; remaining: number | null }[] {
    return this.active.map((a) => ({ id: a.id, fault: a.fault, remaining: Number.isFinite(a.remaining) ? a.remaining : null }));
  }

  /** The first fault matching this request, counted as used. */
  take(target: 'auth' | 'api', path: string): SandboxFault | undefined {
    const hit = this.active.find((a) => (a.fault.target ?? 'api') === target && path.startsWith(a.fault.pathPrefix ?? ''));
    if (!hit) return undefined;
    hit.remaining--;
    if (hit.remaining <= 0) this.remove(hit.id);
    return hit.fault;
  }
}
