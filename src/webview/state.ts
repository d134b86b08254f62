// What the panel remembers across being hidden, reloaded or restored: the draft being edited,
// the last response, the view choices. Saved with the webview state API, debounced, and flushed
// when the page goes away so nothing typed is lost.
import type { JsonPath, RequestDraft, RequestFailureKind, ResponseSummary } from '../protocol';
import { debounce } from './dom';
import * as guard from './guards';
import { loadState, saveState } from './vscodeApi';

export type EditorTab = 'query' | 'headers' | 'body';
export type BodyView = 'tree' | 'raw';

export interface FailureView {
  readonly kind: RequestFailureKind;
  readonly message: string;
}

export interface PersistedState {
  readonly draft: RequestDraft;
  readonly response?: ResponseSummary;
  readonly failure?: FailureView;
  readonly editorTab: EditorTab;
  readonly bodyView: BodyView;
  readonly sidebarCollapsed: boolean;
  readonly scrollTop: number;
  /** Expanded JSON tree nodes of `response`, re-requested after a reload. */
  readonly expanded: readonly JsonPath[];
  readonly searchQuery: string;
  /** Last value typed for each path parameter name, offered again for the next endpoint. */
  readonly paramValues: Readonly<Record<string, string>>;
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
};

function restore(saved: unknown): PersistedState {
  if (!guard.isRecord(saved) || saved.version !== VERSION) return EMPTY;
  const response = guard.response(saved.response);
  const failure = guard.isRecord(saved.failure)
    ? { kind: guard.failureKind(saved.failure.kind), message: guard.str(saved.failure.message) }
    : undefined;
  const paramValues: Record<string, string> = {};
  if (guard.isRecord(saved.paramValues)) {
    for (const [k, v] of Object.entries(saved.paramValues)) if (typeof v === 'string') paramValues[k] = v;
  }
  return {
    draft: guard.draft(saved.draft),
    ...(response ? { response } : {}),
    ...(failure ? { failure } : {}),
    editorTab: saved.editorTab === 'headers' || saved.editorTab === 'body' ? saved.editorTab : 'query',
    bodyView: saved.bodyView === 'raw' ? 'raw' : 'tree',
    sidebarCollapsed: guard.bool(saved.sidebarCollapsed),
    scrollTop: Math.max(0, guard.num(saved.scrollTop)),
    expanded: guard.list(saved.expanded).map(guard.path).filter((p): p is JsonPath => p !== undefined),
    searchQuery: guard.str(saved.searchQuery),
    paramValues,
  };
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

  /** Drops the optional fields named in `keys`. */
  remove(...keys: ('response' | 'failure')[]): void {
    const next: Record<string, unknown> = { ...this.state };
    for (const key of keys) delete next[key];
    this.state = next as unknown as PersistedState;
    this.save();
  }
}
