// What the panel remembers across being hidden, reloaded or restored: the draft being edited,
// the send under way, the last response, the view choices. Saved with the webview state API,
// debounced, and flushed when the page goes away so nothing typed is lost; a send going out and an
// answer shown are written at once (a hidden page is discarded without a chance to flush).
import { HTTP_METHODS, type HttpMethod, type JsonPath, type KnownId, type RequestDraft, type RequestFailureKind, type ResponseSummary } from '../protocol';
import { debounce } from './dom';
import * as guard from './guards';
import { loadState, saveState } from './vscodeApi';

export type EditorTab = 'query' | 'headers' | 'body';
export type BodyView = 'tree' | 'raw';

export interface FailureView {
  readonly kind: RequestFailureKind;
  readonly message: string;
}

/** A send still waiting for its answer, so a page restored meanwhile shows it running and takes its answer. */
export interface PendingView {
  readonly requestId: string;
  readonly method: HttpMethod;
  readonly url: string;
  readonly startedAt: number;
}

export interface PersistedState {
  readonly draft: RequestDraft;
  readonly response?: ResponseSummary;
  readonly failure?: FailureView;
  readonly pending?: PendingView;
  /** The send whose answer this panel last dealt with: the host may post it again (after a reload). */
  readonly answered?: string;
  readonly editorTab: EditorTab;
  readonly bodyView: BodyView;
  readonly sidebarCollapsed: boolean;
  readonly scrollTop: number;
  /** Expanded JSON tree nodes of `response`, re-requested after a reload. */
  readonly expanded: readonly JsonPath[];
  readonly searchQuery: string;
  /** Last value typed for each path parameter name, offered again for the next endpoint. */
  readonly paramValues: Readonly<Record<string, string>>;
  /** Ids seen in answers, by path parameter name, newest first (offered in parameter forms). */
  readonly knownIds: Readonly<Record<string, readonly KnownId[]>>;
}

const VERSION = 1;

const EMPTY: PersistedState = {
  draft: { method: 'GET', url: '', query: [], headers: [], body: '' },
  editorTab: 'query',
  bodyView: 'tree',
  sidebarCollapsed: false,
  scrollTop: 0,
  expanded: [],
  searchQuery: '',
  paramValues: {},
  knownIds: {},
};

/** Ids kept per parameter name. */
export const KNOWN_IDS_PER_NAME = 50;

/** `fresh` first, then the ids known before, without duplicates, at most KNOWN_IDS_PER_NAME per name. */
export function mergeKnownIds(
  known: Readonly<Record<string, readonly KnownId[]>>,
  fresh: readonly KnownId[],
): Record<string, readonly KnownId[]> {
  const merged: Record<string, KnownId[]> = {};
  for (const id of [...fresh, ...Object.values(known).flat()]) {
    const list = (merged[id.parameter] ??= []);
    if (list.length < KNOWN_IDS_PER_NAME && !list.some((k) => k.value === id.value)) list.push(id);
  }
  return merged;
}

function restore(saved: unknown): PersistedState {
  if (!guard.isRecord(saved) || saved.version !== VERSION) return EMPTY;
  const response = guard.response(saved.response);
  const failure = guard.isRecord(saved.failure)
    ? { kind: guard.failureKind(saved.failure.kind), message: guard.str(saved.failure.message) }
    : undefined;
  const pending = guard.isRecord(saved.pending) ? pendingView(saved.pending) : undefined;
  const answered = typeof saved.answered === 'string' ? saved.answered : undefined;
  const paramValues: Record<string, string> = {};
  if (guard.isRecord(saved.paramValues)) {
    for (const [k, v] of Object.entries(saved.paramValues)) if (typeof v === 'string') paramValues[k] = v;
  }
  return {
    draft: guard.draft(saved.draft),
    ...(response ? { response } : {}),
    ...(failure ? { failure } : {}),
    ...(pending ? { pending } : {}),
    ...(answered !== undefined ? { answered } : {}),
    editorTab: saved.editorTab === 'headers' || saved.editorTab === 'body' ? saved.editorTab : 'query',
    bodyView: saved.bodyView === 'raw' ? 'raw' : 'tree',
    sidebarCollapsed: guard.bool(saved.sidebarCollapsed),
    scrollTop: Math.max(0, guard.num(saved.scrollTop)),
    expanded: guard.list(saved.expanded).map(guard.path).filter((p): p is JsonPath => p !== undefined),
    searchQuery: guard.str(saved.searchQuery),
    paramValues,
    knownIds: guard.isRecord(saved.knownIds) ? mergeKnownIds({}, guard.knownIds(Object.values(saved.knownIds).flat())) : {},
  };
}

function pendingView(saved: Record<string, unknown>): PendingView | undefined {
  const method = HTTP_METHODS.find((m) => m === saved.method);
  if (typeof saved.requestId !== 'string' || !method) return undefined;
  return { requestId: saved.requestId, method, url: guard.str(saved.url), startedAt: guard.num(saved.startedAt, Date.now()) };
}

export class StateStore {
  private state: PersistedState = restore(loadState());
  private readonly save = debounce(() => saveState({ version: VERSION, ...this.state }), 250);

  constructor() {
    // A hidden panel's page may be torn down at any moment: write what is pending first.
    const flush = (): void => this.save.flush();
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    window.addEventListener('blur', flush);
    document.addEventListener('visibilitychange', flush);
  }

  get(): PersistedState {
    return this.state;
  }

  update(patch: Partial<PersistedState>): void {
    this.state = { ...this.state, ...patch };
    this.save();
  }

  /**
   * Writes the state now, not debounced: for what a page torn down the next instant must not lose
   * (a send going out, an answer shown). VS Code drops a discarded page's last messages, `pagehide`
   * flushes included.
   */
  saveNow(): void {
    this.save();
    this.save.flush();
  }

  /** Drops the optional fields named in `keys`. */
  remove(...keys: ('response' | 'failure' | 'pending')[]): void {
    const next: Record<string, unknown> = { ...this.state };
    for (const key of keys) delete next[key];
    this.state = next as unknown as PersistedState;
    this.save();
  }
}
