// The one typed protocol between the extension host and the request panel's webview, imported by
// both sides. The webview is untrusted UI: it never receives a token or a secret, and the host
// validates every message it gets (see src/panel/protocolValidation.ts) before acting on it.
//
// Flow: the webview posts `ready`; only then does the host post `init`. Commands that expect an
// answer carry a `requestId` (a string the webview picks) that the answer echoes. The answer to a
// `send` is held by the host and posted again after every `init` until the webview says
// `answerReceived`: VS Code discards a hidden webview, and the host learns of it only later.

// ---------------------------------------------------------------------------------------------
// Shared shapes

// The methods (and which carry a body) are rules the host's pipeline applies too: one list, shared.
import type { CatalogueGroup } from './mx/catalogueTypes';
import type { HttpMethod } from './mx/requestRules';
export { HTTP_METHODS, type HttpMethod } from './mx/requestRules';
export type { CatalogueEndpoint, CatalogueGroup, CatalogueParameter } from './mx/catalogueTypes';

/** The request panel's webview type (package.json's `onWebviewPanel:` activation event names it too). */
export const REQUEST_PANEL_VIEW_TYPE = 'mx.requestPanel';

/** One editable query-parameter or header row. */
export interface Row {
  readonly name: string;
  readonly value: string;
  readonly enabled: boolean;
}

/** The request as the user edits it. `url` is a path relative to the API base or a full URL on its origin. */
export interface RequestDraft {
  readonly method: HttpMethod;
  readonly url: string;
  readonly query: readonly Row[];
  readonly headers: readonly Row[];
  readonly body: string;
  /** The catalogue endpoint this draft came from, if any (for links and confirmations). */
  readonly endpointId?: string;
}

export interface SessionSummary {
  readonly signedIn: boolean;
  readonly username?: string;
  /** Given when more than one profile exists: the user name alone may not say which is active. */
  readonly clientId?: string;
  readonly environmentName?: string;
  readonly apiUrl?: string;
  /** Requests go to Production: the panel flags every request visibly. */
  readonly production: boolean;
}

/** A documented next call an id in a response leads to (chain → sites, films; site → showtimes…). */
export interface FollowLink {
  readonly endpointId: string;
  readonly title: string;
  /** Path parameters to fill in, e.g. `{ cinemaChainId: "d90b…" }`. */
  readonly parameters: Readonly<Record<string, string>>;
}

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
export type JsonPath = readonly (string | number)[];

/** One node of a response body's JSON tree; children are fetched from the host on demand. */
export interface JsonNode {
  readonly key: string | number;
  readonly kind: JsonKind;
  /** Short text: the value itself for scalars (cut when long), `{…} 12 keys` / `[…] 331 items` otherwise. */
  readonly preview: string;
  readonly childCount?: number;
  /** For a non-empty object or array, its first fields or items: `{id: "d90b…", name: "Veezi", …}`. */
  readonly inline?: string;
  /** Next calls this value (an MX id) leads to. */
  readonly links?: readonly FollowLink[];
}

/** An id seen in an answer, offered in parameter forms: `{ parameter: 'cinemaChainId', value, label: 'Veezi USA' }`. */
export interface KnownId {
  readonly parameter: string;
  readonly value: string;
  readonly label: string;
}

export interface HeaderPair {
  readonly name: string;
  readonly value: string;
}

export interface MxErrorSummary {
  readonly errorCode: number;
  readonly errorDescription?: string;
  readonly errorCodeDescription?: string;
  /** What the code range means, from the MX docs (not repeating the code or MX's sentences). */
  readonly explanation: string;
}

export type BodyKind = 'json' | 'text' | 'empty' | 'file';

export interface ResponseSummary {
  /** Names this response for follow-up commands (expand, search, open in editor, save). */
  readonly responseId: string;
  readonly method: HttpMethod;
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly durationMs: number;
  readonly bodyBytes: number;
  readonly correlationId?: string;
  readonly headers: readonly HeaderPair[];
  /** What was sent; Authorization and MX-Api-Client-Secret are masked. */
  readonly requestHeaders: readonly HeaderPair[];
  readonly contentType?: string;
  readonly bodyKind: BodyKind;
  /** Why the body is shown as it is (malformed JSON, HTML error page, empty 404, over the size limit…). */
  readonly note?: string;
  readonly mxError?: MxErrorSummary;
  /**
   * The start of the body (at most RAW_PREVIEW_CHARS characters), JSON re-indented; empty when the
   * body is too large for the panel (bodyKind 'file').
   */
  readonly rawPreview: string;
  readonly rawTruncated: boolean;
  /** The JSON root node, for bodyKind 'json'. */
  readonly root?: JsonNode;
  /** The nodes the tree opens with (the root first), chosen by the body's size and shape. */
  readonly expand?: readonly JsonPath[];
  /** The records' ids in this answer (chains, sites, films…) with their names, for parameter forms. */
  readonly ids?: readonly KnownId[];
}

export interface HistoryEntry {
  readonly id: string;
  readonly at: number;
  readonly draft: RequestDraft;
  readonly status?: number;
  readonly durationMs?: number;
  readonly environmentName?: string;
  /** The answer, while the host still holds it (never stored): restoring the entry shows it too. */
  readonly responseId?: string;
  /** Kept above the others, whatever the history size. */
  readonly pinned?: boolean;
  /** A name the user gave it. */
  readonly name?: string;
  /** Where a request sent from a `.http` file was written. */
  readonly source?: RequestSource;
}

/** A request's place in a `.http` file: the path as VS Code shows it (workspace-relative) and its 1-based line. */
export interface RequestSource {
  readonly file: string;
  readonly line: number;
}

export type RequestFailureKind =
  | 'signedOut'
  | 'refused'
  | 'invalidRequest'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'tooLarge'
  | 'declined'
  | 'auth';

export const RAW_PREVIEW_CHARS = 64 * 1024;
/** Children per expandNode answer; the webview pages through larger nodes. */
export const MAX_CHILDREN_PER_PAGE = 200;

// ---------------------------------------------------------------------------------------------
// Webview → host

export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'send'; readonly requestId: string; readonly draft: RequestDraft }
  | { readonly type: 'cancel'; readonly requestId: string }
  | {
      readonly type: 'expandNode';
      readonly requestId: string;
      readonly responseId: string;
      readonly path: JsonPath;
      readonly offset: number;
      readonly limit: number;
    }
  | { readonly type: 'search'; readonly requestId: string; readonly responseId: string; readonly query: string }
  | { readonly type: 'openInEditor'; readonly responseId: string }
  | { readonly type: 'saveBody'; readonly responseId: string }
  | { readonly type: 'copy'; readonly what: 'body' | 'correlationId'; readonly responseId: string }
  /** `curlWithToken`: a curl that first gets a token (password from $MX_PASSWORD), so it runs as pasted. */
  | { readonly type: 'copyAs'; readonly format: 'curl' | 'curlWithToken' | 'fetch'; readonly draft: RequestDraft }
  | { readonly type: 'saveAsHttp'; readonly draft: RequestDraft }
  | { readonly type: 'signIn' }
  | { readonly type: 'clearHistory' }
  /** Pins / unpins (`pinned`) or names (`name`, '' to remove) a history entry. */
  | { readonly type: 'editHistory'; readonly id: string; readonly pinned?: boolean; readonly name?: string }
  /**
   * The webview has dealt with the answer to this send (shown it and saved it in its state, or
   * dropped it as stale): the host stops holding it for a webview that comes back.
   */
  | { readonly type: 'answerReceived'; readonly requestId: string };

// ---------------------------------------------------------------------------------------------
// Host → webview

export type HostToWebview =
  | {
      readonly type: 'init';
      readonly session: SessionSummary;
      readonly catalogue: readonly CatalogueGroup[];
      readonly history: readonly HistoryEntry[];
      /**
       * Sends the host is still running or holds the answer to (posted right after this): a
       * webview restored with a pending send not listed here will never hear its answer.
       */
      readonly inFlight: readonly string[];
    }
  | { readonly type: 'session'; readonly session: SessionSummary }
  | { readonly type: 'history'; readonly entries: readonly HistoryEntry[] }
  | { readonly type: 'response'; readonly requestId: string; readonly response: ResponseSummary }
  | { readonly type: 'requestFailed'; readonly requestId: string; readonly kind: RequestFailureKind; readonly message: string }
  /**
   * A send that must be confirmed first: `confirming` while the host's dialog is open (nothing is
   * sent yet), `sending` once the user confirmed and the request goes out.
   */
  | { readonly type: 'sendState'; readonly requestId: string; readonly state: 'confirming' | 'sending' }
  | {
      readonly type: 'nodeChildren';
      readonly requestId: string;
      readonly responseId: string;
      readonly path: JsonPath;
      readonly offset: number;
      readonly total: number;
      readonly children: readonly JsonNode[];
    }
  | {
      readonly type: 'searchResults';
      readonly requestId: string;
      readonly responseId: string;
      readonly query: string;
      readonly matches: readonly { readonly path: JsonPath; readonly preview: string }[];
      readonly truncated: boolean;
    }
  | { readonly type: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly message: string }
  /** Opens a catalogue endpoint's parameter form (the "New Request from Catalogue…" command). */
  | { readonly type: 'showEndpoint'; readonly endpointId: string }
  /**
   * A request the host sends for someone else (a `.http` file): the editor shows it as running
   * under this requestId, and its answer follows as for the webview's own sends.
   */
  | { readonly type: 'showRequest'; readonly requestId: string; readonly draft: RequestDraft };
