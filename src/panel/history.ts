// The request panel's history: the last requests sent, newest first, kept in a store the host
// provides (workspace or global state). History is written to disk in plain text, so credentials
// are taken out before an entry is stored: credential headers are dropped, secret-looking query
// parameters and JSON fields are masked, and any value a Redactor knows is removed everywhere.

import type { HistoryEntry, RequestDraft, RequestSource, Row } from '../protocol';
import { parseRequestDraft } from './protocolValidation';
import { Hold } from '../base/hold';
import { REDACTED, redactPatterns, type Redactor } from '../mx/redaction';
import { isCredentialHeader } from '../mx/requestRules';

export const DEFAULT_HISTORY_LIMIT = 50;
export const MAX_HISTORY_LIMIT = 500;
/** Bodies larger than this are stored empty: history is for finding a request again, not archiving uploads. */
export const MAX_HISTORY_BODY_CHARS = 64 * 1024;
const MAX_ENVIRONMENT_NAME_CHARS = 200;
/** A name the user gives an entry, at most this long. */
export const MAX_HISTORY_NAME_CHARS = 80;
/** Pinned entries are kept whatever the limit, up to this many. */
export const MAX_PINNED = 50;
const MAX_SOURCE_FILE_CHARS = 1000;
const MAX_SOURCE_LINE = 10_000_000;
const STORAGE_VERSION = 1;

export interface HistoryStore {
  get(): unknown;
  set(value: unknown): Promise<void> | void;
}

export interface HistoryOutcome {
  readonly status?: number;
  readonly durationMs?: number;
  readonly environmentName?: string;
  /** The `.http` file and line the request was sent from. */
  readonly source?: RequestSource;
}

export interface RequestHistoryOptions {
  readonly store: HistoryStore;
  /** From a setting; clamped to 0–500 (0 keeps no history); default 50. */
  readonly limit?: number;
  /** Knows the session's secrets; without one, only pattern-based redaction applies. */
  readonly redactor?: Redactor;
  /** Told when the store fails to save; history itself keeps working in memory. */
  readonly onError?: (err: unknown) => void;
  /** Entry ids; default time + counter. */
  readonly newId?: () => string;
}

// Names whose values are credentials: password, token, secret, access_token, client_secret, api key…
const SECRET_NAME = /pass(?:word|wd)|secret|token|api[_-]?key|credential/i;

export function clampHistoryLimit(limit: unknown): number {
  if (typeof limit !== 'number' || Number.isNaN(limit)) {
    return DEFAULT_HISTORY_LIMIT;
  }
  return Math.min(MAX_HISTORY_LIMIT, Math.max(0, Math.floor(limit)));
}

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export class RequestHistory {
  private list: HistoryEntry[];
  private limit: number;
  private readonly store: HistoryStore;
  private readonly redactor: Redactor | undefined;
  private readonly onError: ((err: unknown) => void) | undefined;
  private readonly newId: () => string;
  private counter = 0;

  constructor(options: RequestHistoryOptions) {
    this.store = options.store;
    this.redactor = options.redactor;
    this.onError = options.onError;
    this.limit = clampHistoryLimit(options.limit);
    this.newId = options.newId ?? (() => `h${Date.now().toString(36)}-${(this.counter++).toString(36)}`);
    this.list = this.read();
    this.saveHold.onReleased(() => {
      if (this.unsaved) this.saveBehind();
    });
  }

  /** Pinned first, then newest first. */
  entries(): readonly HistoryEntry[] {
    return this.list;
  }

  /** Pins an entry (kept above the others, whatever the limit) or unpins it. False when there is no such entry. */
  async pin(id: string, pinned: boolean): Promise<boolean> {
    return this.edit(id, (entry) => {
      const { pinned: _was, ...rest } = entry;
      return pinned ? { ...rest, pinned: true } : rest;
    });
  }

  /** Names an entry (redacted like the rest); an empty name removes it. False when there is no such entry. */
  async rename(id: string, name: string): Promise<boolean> {
    const clean = this.cleanName(name);
    return this.edit(id, (entry) => {
      const { name: _was, ...rest } = entry;
      return clean ? { ...rest, name: clean } : rest;
    });
  }

  private async edit(id: string, change: (entry: HistoryEntry) => HistoryEntry): Promise<boolean> {
    const index = this.list.findIndex((e) => e.id === id);
    if (index < 0) return false;
    const next = [...this.list];
    next[index] = change(next[index]);
    this.list = this.arrange(next);
    await this.save();
    return true;
  }

  private cleanName(name: unknown): string {
    if (typeof name !== 'string') return '';
    const oneLine = name.replace(/\s+/g, ' ').trim().slice(0, MAX_HISTORY_NAME_CHARS);
    return this.redactor ? this.redactor.redact(oneLine) : redactPatterns(oneLine);
  }

  /** Pinned entries first (at most MAX_PINNED), then the others up to the limit; each part newest first. */
  private arrange(list: readonly HistoryEntry[]): HistoryEntry[] {
    const byTime = (a: HistoryEntry, b: HistoryEntry): number => b.at - a.at;
    const pinned = list.filter((e) => e.pinned).sort(byTime).slice(0, MAX_PINNED);
    const others = list.filter((e) => !e.pinned).sort(byTime).slice(0, this.limit);
    return [...pinned, ...others];
  }

  get size(): number {
    return this.list.length;
  }

  /**
   * Records a request sent. The same draft as the newest entry replaces it (new time and outcome)
   * instead of adding a duplicate. Resolves once saved; saving failures go to onError.
   */
  async add(draft: RequestDraft, outcome: HistoryOutcome = {}, now: number = Date.now()): Promise<HistoryEntry | undefined> {
    const entry = this.record(draft, outcome, now);
    await this.saved();
    return entry;
  }

  /**
   * `add` without waiting for the save: the entry is in the list at once and written behind, in
   * order (a send's answer does not wait on a round trip to VS Code's storage; a test run of 200
   * requests waited ~30 ms per request on it). `saved()` resolves once everything recorded is.
   */
  record(draft: RequestDraft, outcome: HistoryOutcome = {}, now: number = Date.now()): HistoryEntry | undefined {
    if (this.limit === 0) {
      return undefined;
    }
    const checked = parseRequestDraft(draft);
    if (!checked.ok) {
      return undefined;
    }
    const clean = this.redactDraft(checked.value);
    const entry: { -readonly [K in keyof HistoryEntry]: HistoryEntry[K] } = {
      id: this.newId(),
      at: Number.isFinite(now) ? now : Date.now(),
      draft: clean,
    };
    Object.assign(entry, cleanOutcome(outcome, this.redactor));
    // the same draft as the newest unpinned entry replaces it (a pinned one stays as it is)
    const newest = this.list.find((e) => !e.pinned);
    const rest = newest !== undefined && sameDraft(newest.draft, clean) ? this.list.filter((e) => e !== newest) : this.list;
    this.list = this.arrange([entry, ...rest]);
    this.saveBehind();
    return entry;
  }

  /** Resolves once every change recorded so far is saved (changes recorded while saves are held: once they are released). */
  saved(): Promise<void> {
    return this.saving;
  }

  private saving: Promise<void> = Promise.resolve();
  private savePending = false;
  private readonly saveHold = new Hold();
  private unsaved = false;

  /**
   * Holds the saves of `record` until the returned function is called (a test run or Send All of
   * 200 requests then writes the history once, not 25 times). Holds nest; releasing twice does nothing.
   */
  holdSaves(): () => void {
    return this.saveHold.hold();
  }

  /** One save after the ones under way, for however many changes came meanwhile (it writes the list as it then is). */
  private saveBehind(): void {
    if (this.saveHold.held) {
      this.unsaved = true;
      return;
    }
    this.unsaved = false;
    if (this.savePending) return;
    this.savePending = true;
    this.saving = this.saving.then(() => {
      this.savePending = false;
      return this.save();
    });
  }

  async clear(): Promise<void> {
    this.list = [];
    await this.save();
  }

  /** Applies a new limit (e.g. the setting changed), dropping the oldest entries beyond it. */
  async setLimit(limit: number): Promise<void> {
    this.limit = clampHistoryLimit(limit);
    const arranged = this.arrange(this.list);
    if (arranged.length < this.list.length) {
      this.list = arranged;
      await this.save();
    }
  }

  /** A draft as history stores it; exposed so callers can show the same redaction. */
  redactDraft(draft: RequestDraft): RequestDraft {
    const text = (value: string): string => (this.redactor ? this.redactor.redact(value) : redactPatterns(value));
    const headers = draft.headers
      .filter((row) => !isCredentialHeader(row.name) && row.name.trim().toLowerCase() !== 'cookie')
      .map((row) => ({ name: text(row.name), value: text(row.value), enabled: row.enabled }));
    const query = draft.query.map(
      (row): Row => ({ name: text(row.name), value: isSecretName(row.name) ? REDACTED : text(row.value), enabled: row.enabled }),
    );
    const body = draft.body.length > MAX_HISTORY_BODY_CHARS ? '' : redactBody(draft.body, text);
    return {
      method: draft.method,
      url: text(redactUrlQuery(draft.url)),
      query,
      headers,
      body,
      ...(draft.endpointId !== undefined ? { endpointId: draft.endpointId } : {}),
    };
  }

  private read(): HistoryEntry[] {
    let stored: unknown;
    try {
      stored = this.store.get();
    } catch {
      return [];
    }
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
      return [];
    }
    const record = stored as Record<string, unknown>;
    if (record.version !== STORAGE_VERSION || !Array.isArray(record.entries)) {
      return [];
    }
    const entries: HistoryEntry[] = [];
    const ids = new Set<string>();
    for (const raw of record.entries.slice(0, MAX_HISTORY_LIMIT)) {
      const entry = this.readEntry(raw);
      if (entry && !ids.has(entry.id)) {
        ids.add(entry.id);
        entries.push(entry);
      }
    }
    return this.arrange(entries);
  }

  private readEntry(raw: unknown): HistoryEntry | undefined {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return undefined;
    }
    const record = raw as Record<string, unknown>;
    if (typeof record.id !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(record.id)) {
      return undefined;
    }
    if (typeof record.at !== 'number' || !Number.isFinite(record.at)) {
      return undefined;
    }
    const draft = parseRequestDraft(record.draft);
    if (!draft.ok) {
      return undefined;
    }
    // Stored by an older version, or before a secret was known: redact again on the way in.
    return {
      id: record.id,
      at: record.at,
      draft: this.redactDraft(draft.value),
      ...cleanOutcome(record as HistoryOutcome, this.redactor),
      ...(record.pinned === true ? { pinned: true } : {}),
      ...(this.cleanName(record.name) ? { name: this.cleanName(record.name) } : {}),
    };
  }

  private async save(): Promise<void> {
    try {
      await this.store.set({ version: STORAGE_VERSION, entries: this.list });
    } catch (err) {
      this.onError?.(err);
    }
  }
}

function cleanOutcome(outcome: HistoryOutcome | undefined, redactor: Redactor | undefined): HistoryOutcome {
  const result: { -readonly [K in keyof HistoryOutcome]: HistoryOutcome[K] } = {};
  if (!outcome || typeof outcome !== 'object') {
    return result;
  }
  if (typeof outcome.status === 'number' && Number.isInteger(outcome.status) && outcome.status >= 100 && outcome.status <= 999) {
    result.status = outcome.status;
  }
  if (typeof outcome.durationMs === 'number' && Number.isFinite(outcome.durationMs) && outcome.durationMs >= 0) {
    result.durationMs = outcome.durationMs;
  }
  if (typeof outcome.environmentName === 'string' && outcome.environmentName !== '') {
    const name = outcome.environmentName.slice(0, MAX_ENVIRONMENT_NAME_CHARS);
    result.environmentName = redactor ? redactor.redact(name) : name;
  }
  const source = cleanSource(outcome.source, redactor);
  if (source) result.source = source;
  return result;
}

/** A file path (no control characters) and a 1-based line, or nothing: the store is read back from disk. */
function cleanSource(source: unknown, redactor: Redactor | undefined): RequestSource | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const { file, line } = source as Record<string, unknown>;
  if (typeof file !== 'string' || file === '' || file.length > MAX_SOURCE_FILE_CHARS || [...file].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > MAX_SOURCE_LINE) return undefined;
  return { file: redactor ? redactor.redact(file) : file, line };
}

function sameDraft(a: RequestDraft, b: RequestDraft): boolean {
  const rows = (x: readonly Row[], y: readonly Row[]): boolean =>
    x.length === y.length && x.every((row, i) => row.name === y[i].name && row.value === y[i].value && row.enabled === y[i].enabled);
  return (
    a.method === b.method &&
    a.url === b.url &&
    a.body === b.body &&
    a.endpointId === b.endpointId &&
    rows(a.query, b.query) &&
    rows(a.headers, b.headers)
  );
}

/** Masks the values of secret-looking parameters in a URL's own query string. */
function redactUrlQuery(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) {
    return url;
  }
  const hashAt = url.indexOf('#', start);
  const end = hashAt < 0 ? url.length : hashAt;
  const query = url
    .slice(start + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) {
        return pair;
      }
      const name = safeDecode(pair.slice(0, eq));
      return isSecretName(name) ? `${pair.slice(0, eq)}=${encodeURIComponent(REDACTED)}` : pair;
    })
    .join('&');
  return `${url.slice(0, start + 1)}${query}${url.slice(end)}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * A JSON body has the values of secret-looking fields masked and every string scrubbed; it is
 * re-serialised only when something changed, keeping the user's formatting otherwise. Anything
 * else (or JSON nested too deeply to walk safely) is scrubbed as text.
 */
function redactBody(body: string, text: (value: string) => string): string {
  if (body === '') {
    return body;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return text(body);
  }
  const state = { changed: false, tooDeep: false };
  const cleaned = redactJson(parsed, text, state, 0);
  if (state.tooDeep) {
    return text(body);
  }
  if (!state.changed) {
    return body;
  }
  const indent = /^\s*[[{]\s*\n(\s+)/.exec(body)?.[1];
  return JSON.stringify(cleaned, null, indent !== undefined ? (indent.includes('\t') ? '\t' : indent.length) : undefined);
}

const MAX_JSON_DEPTH = 64;

function redactJson(value: unknown, text: (value: string) => string, state: { changed: boolean; tooDeep: boolean }, depth: number): unknown {
  if (depth > MAX_JSON_DEPTH) {
    state.tooDeep = true;
    return value;
  }
  if (typeof value === 'string') {
    const cleaned = text(value);
    if (cleaned !== value) {
      state.changed = true;
    }
    return cleaned;
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactJson(item, text, state, depth + 1));
  }
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines own properties, so a `__proto__` key stays a key.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        if (isSecretName(key) && item !== null && item !== '') {
          state.changed = true;
          return [key, REDACTED];
        }
        return [key, redactJson(item, text, state, depth + 1)];
      }),
    );
  }
  return value;
}
