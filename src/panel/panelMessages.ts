// The request panel's host side, without VS Code: validates every message of the untrusted
// webview, answers it, and asks for what only VS Code can do (clipboard, dialogs, editors)
// through PanelEffects. Nothing it posts ever carries a token or a secret.
import type { Logger } from '../base/logger';
import type { SessionState } from '../auth/tokenSession';
import { CATALOGUE } from '../mx/catalogue';
import type { RequestHistory } from './history';
import { formatJsonPrefix } from './jsonFormat';
import type { Hold } from '../base/hold';
import { childrenAt, search } from './jsonTree';
import { responseDocumentName } from './responseDocument';
import { toCurl, toCurlWithToken, toFetch } from './requestExport';
import { type HistoryEntry, type HostToWebview, MAX_CHILDREN_PER_PAGE, type RequestDraft, type RequestSource, type SessionSummary, type WebviewToHost } from '../protocol';
import { parseWebviewMessage } from './protocolValidation';
import { seatConfirmation } from './seatConfirmation';
import { type RequestRunner, seatHoldingEndpoint } from './requestRunner';

/** What the handler needs from VS Code. */
export interface PanelEffects {
  post(message: HostToWebview): void;
  /** A modal question with a "Send" button; true when the user chose it. */
  confirm(message: string): Promise<boolean>;
  writeClipboard(text: string): Promise<void>;
  /** A notification the user reads. */
  inform(message: string): void;
  /** A short status bar message. */
  flash(message: string): void;
  /** A read-only document named `name` (e.g. `cinema-chains.json`) that never asks to be saved. */
  openDocument(content: string, language: 'json' | 'plaintext', name: string): Promise<void>;
  /** Asks where to save; resolves with the path written, or undefined when the user cancelled. */
  saveFile(content: string, isJson: boolean): Promise<string | undefined>;
  signIn(): Promise<void>;
  /** "MX: Save Request as .http File" with this request. */
  saveAsHttp(draft: RequestDraft): Promise<void>;
}

export interface PanelMessageDeps {
  readonly runner: RequestRunner;
  readonly history: RequestHistory;
  readonly session: () => SessionState | undefined;
  /** How many profiles exist (default 1). */
  readonly profileCount?: () => number;
  readonly log: Logger;
  readonly effects: PanelEffects;
  /** Held by a Send All or a test run: the host's sends are shown as they stand, not one by one (see show()). */
  readonly hold?: Hold;
  /** Milliseconds, for how often a held panel catches up; default performance.now. */
  readonly now?: () => number;
}

/**
 * How often a held panel catches up with the run, at most. A Send All or a test run sends many
 * requests in a row; each used to post its request, its answer and the whole history (~22 KB,
 * 4.5 MB for a run of 200), which made the run 2–3× slower than the same requests alone.
 */
export const HELD_REFRESH_MS = 500;

const GONE = 'That response is no longer in memory (only the last few are kept); send the request again to explore it.';

/** `showClientId`: more than one profile exists, so the header names the client ID too. */
export function sessionSummary(state: SessionState | undefined, showClientId = false): SessionSummary {
  if (!state || state.status === 'ended') return { signedIn: false, production: false };
  const { environment, username, clientId } = state.profile;
  return {
    signedIn: true,
    username,
    ...(showClientId ? { clientId } : {}),
    environmentName: environment.name,
    apiUrl: environment.apiUrl,
    production: environment.kind === 'production',
  };
}

/** What each webview message asks for, as the end of "MX Explorer could not …". */
const ACTIONS: Record<WebviewToHost['type'], string> = {
  ready: 'set up the request panel',
  send: 'send the request',
  cancel: 'cancel the request',
  expandNode: 'show that part of the response',
  search: 'search the response',
  openInEditor: 'open the response body in an editor',
  saveBody: 'save the response body',
  copy: 'copy to the clipboard',
  copyAs: 'copy the request as a command',
  saveAsHttp: 'save the request as an .http file',
  signIn: 'start signing in',
  clearHistory: 'clear the request history',
  editHistory: 'change the history entry',
  answerReceived: 'take note that the answer was received',
};

export type Answer = Extract<HostToWebview, { type: 'response' | 'requestFailed' }>;

export interface HostSendOptions {
  /** 'session' (default): the MX pipeline with the session's credentials; 'none': another server, no credentials. */
  readonly credentials?: 'session' | 'none';
  /** The `.http` file and line the request comes from, for the history. */
  readonly source?: RequestSource;
  /**
   * The caller has asked the user about this very request already (an agent tool's confirmation
   * of a state change): the seat question is not asked twice. Host callers only; no webview
   * message can set it.
   */
  readonly confirmed?: boolean;
}

export class PanelMessageHandler {
  private ready = false;
  /** A catalogue endpoint to open once the webview can hear it. */
  private endpointToShow: string | undefined;
  /** A request sent from outside the webview, to show once the webview can hear it (before its answer). */
  private hostRequest: Extract<HostToWebview, { type: 'showRequest' }> | undefined;
  private hostSends = 0;
  /** The latest send the webview made; only its answer is held. */
  private latestSend: string | undefined;
  /**
   * The answer to the latest send until the webview says it has it (`answerReceived`). Posting is
   * no proof of delivery: VS Code discards a hidden webview at once but tells the host later, and a
   * page that got the answer may be torn down before it saved it. So it is posted again after
   * every `init` (and when the panel shows again) until the webview acknowledges it.
   */
  private heldAnswer: Answer | undefined;
  private readonly running = new Map<string, AbortController>();
  /** The send whose confirmation dialog is open: a webview that comes back meanwhile is told again. */
  private confirming: string | undefined;
  /** The response each history entry got, for restoring both while the runner still holds it. */
  private readonly answers = new Map<string, string>();
  /** Messages refused as invalid, for the log and for tests. */
  rejected = 0;
  /** A host send changed what the panel shows while it was held: shown at the next catch-up. */
  private heldChanges = false;
  private lastCaughtUp = Number.NEGATIVE_INFINITY;
  /** The host request and answer the last catch-up posted: not posted twice. */
  private caughtUp: { request?: string; answer?: string } = {};
  private readonly unsubscribeHold: (() => void) | undefined;
  /** Told true when the webview says it is ready, false when the panel goes away first. */
  private readyWaiters: Array<(ready: boolean) => void> = [];

  constructor(private readonly deps: PanelMessageDeps) {
    this.unsubscribeHold = deps.hold?.onReleased(() => this.catchUp());
  }

  /** Handles one message from the webview; never throws. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      // Untrusted input: dropped, counted, logged without its content.
      this.rejected++;
      this.deps.log.warn(`Request panel: ignored an invalid message (${parsed.reason}); ${this.rejected} so far.`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.log.error(`Request panel: ${parsed.message.type} failed: ${reason}`);
      this.post({ type: 'notice', level: 'error', message: `MX Explorer could not ${ACTIONS[parsed.message.type]}: ${reason}` });
    }
  }

  sessionChanged(state: SessionState | undefined): void {
    this.post({ type: 'session', session: this.summary(state) });
  }

  /**
   * Opens a catalogue endpoint's form in the webview, now if it is live, else as soon as it
   * says it is ready.
   */
  showEndpoint(endpointId: string): void {
    this.endpointToShow = endpointId;
    this.flushEndpoint();
  }

  /**
   * Sends a request from outside the webview (a `.http` file) exactly as the webview's Send does —
   * the same pipeline, confirmation, history and held answer — and shows it in the editor with its
   * answer. Resolves with that answer; never throws. With credentials 'none' the draft is for
   * another server and goes out with no MX credentials (src/mx plainClient.ts); a source enters
   * the history with it.
   */
  async sendFromHost(draft: RequestDraft, options: HostSendOptions = {}): Promise<Answer> {
    const requestId = `host-${++this.hostSends}`;
    this.latestSend = requestId;
    this.heldAnswer = undefined;
    const shown = { type: 'showRequest', requestId, draft } as const;
    this.hostRequest = shown;
    this.show(() => shown);
    return this.send(requestId, draft, options, true);
  }

  /**
   * The panel was hidden: VS Code discards a hidden webview (it keeps no context), so nothing can
   * reach it until it loads again and says `ready`.
   */
  webviewHidden(): void {
    this.ready = false;
  }

  /**
   * The panel shows again. A new webview will say `ready`; one that was kept (not discarded) never
   * will, so the held answer goes to it now (a new page queues it until its `init`).
   */
  webviewShown(): void {
    if (this.heldAnswer) this.deps.effects.post(this.heldAnswer);
  }

  /** Resolves true once the webview is loaded and has its state (now, if it is), false if the panel is disposed first. */
  whenReady(): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private settleReady(ready: boolean): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve(ready);
  }

  dispose(): void {
    this.settleReady(false);
    this.unsubscribeHold?.();
    for (const controller of this.running.values()) controller.abort();
  }

  private flushHostRequest(): void {
    // Only while it is still the latest send: an older one's editor contents would be out of date.
    if (this.ready && this.hostRequest && this.hostRequest.requestId === this.latestSend) this.post(this.hostRequest);
  }

  private flushEndpoint(): void {
    if (this.ready && this.endpointToShow !== undefined) {
      this.post({ type: 'showEndpoint', endpointId: this.endpointToShow });
      this.endpointToShow = undefined;
    }
  }

  /** Nothing is posted before the webview said `ready`: it would be lost. A held panel catches up first, so the order holds. */
  private post(message: HostToWebview): void {
    if (!this.ready) return;
    if (this.heldChanges) this.catchUp();
    this.deps.effects.post(message);
  }

  /**
   * What a host send shows (its request, its answer, the history after it): posted now, or, while
   * a run holds the panel, as it then stands at the next catch-up (`message` is only built to be posted).
   */
  private show(message: () => HostToWebview): void {
    if (!this.deps.hold?.held) {
      this.post(message());
      return;
    }
    this.heldChanges = true;
    if (this.now() - this.lastCaughtUp >= HELD_REFRESH_MS) this.catchUp();
  }

  /** The latest host request, its answer (when it has one) and the history, as they stand. */
  private catchUp(): void {
    if (!this.heldChanges) return;
    this.heldChanges = false;
    this.lastCaughtUp = this.now();
    if (this.hostRequest && this.hostRequest.requestId !== this.caughtUp.request) {
      this.caughtUp.request = this.hostRequest.requestId;
      this.flushHostRequest();
    }
    const answer = this.heldAnswer;
    if (answer && answer.requestId === this.hostRequest?.requestId && answer.requestId !== this.caughtUp.answer) {
      this.caughtUp.answer = answer.requestId;
      this.post(answer);
    }
    this.post({ type: 'history', entries: this.historyEntries() });
  }

  private now(): number {
    return (this.deps.now ?? performance.now.bind(performance))();
  }

  /**
   * The answer to a send: posted if the webview is there, and held (if it answers the latest send)
   * until the webview acknowledges it, so a request that finished while the panel was hidden, or
   * just as it was hidden, still shows its result when the panel comes back.
   */
  private answer(message: Answer, host: boolean): void {
    if (message.requestId === this.latestSend) this.heldAnswer = message;
    if (host) this.show(() => message);
    else this.post(message);
  }

  /** Sends still running, and the one whose answer is held. */
  private inFlight(): string[] {
    const ids = [...this.running.keys()];
    if (this.confirming !== undefined && !ids.includes(this.confirming)) ids.push(this.confirming);
    if (this.heldAnswer && !ids.includes(this.heldAnswer.requestId)) ids.push(this.heldAnswer.requestId);
    return ids;
  }

  private async handle(message: WebviewToHost): Promise<void> {
    const { effects, runner, history } = this.deps;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        // a new page gets everything as it stands now: nothing held is left to catch up on
        this.heldChanges = false;
        this.caughtUp = { request: this.hostRequest?.requestId, answer: this.heldAnswer?.requestId };
        this.post({ type: 'init', session: this.summary(this.deps.session()), catalogue: CATALOGUE, history: this.historyEntries(), inFlight: this.inFlight() });
        this.flushHostRequest();
        if (this.heldAnswer) this.post(this.heldAnswer);
        if (this.confirming) this.post({ type: 'sendState', requestId: this.confirming, state: 'confirming' });
        this.flushEndpoint();
        this.settleReady(true);
        return;
      case 'answerReceived':
        if (this.heldAnswer?.requestId === message.requestId) this.heldAnswer = undefined;
        return;
      case 'send':
        // a new send makes the answer to the previous one old news
        this.latestSend = message.requestId;
        this.heldAnswer = undefined;
        await this.send(message.requestId, message.draft);
        return;
      case 'cancel':
        this.running.get(message.requestId)?.abort();
        return;
      case 'expandNode': {
        const stored = runner.response(message.responseId);
        const page =
          stored?.parsed !== undefined
            ? childrenAt(stored.parsed, message.path, message.offset, Math.min(message.limit, MAX_CHILDREN_PER_PAGE), stored.links)
            : undefined;
        if (!page) {
          this.post({ type: 'requestFailed', requestId: message.requestId, kind: 'invalidRequest', message: GONE });
          return;
        }
        const { requestId, responseId, path, offset } = message;
        this.post({ type: 'nodeChildren', requestId, responseId, path, offset, total: page.total, children: page.children });
        return;
      }
      case 'search': {
        const stored = runner.response(message.responseId);
        if (stored?.parsed === undefined) {
          this.post({ type: 'requestFailed', requestId: message.requestId, kind: 'invalidRequest', message: GONE });
          return;
        }
        const found = search(stored.parsed, message.query);
        const { requestId, responseId, query } = message;
        this.post({ type: 'searchResults', requestId, responseId, query, matches: found.matches, truncated: found.truncated });
        return;
      }
      case 'openInEditor': {
        const stored = runner.response(message.responseId);
        if (!stored) return this.gone();
        // The text as MX sent it (`12.0` stays `12.0`), re-indented; a body too large for the tree is left as it came.
        const isJson = stored.parsed !== undefined;
        // a body too large for the tree is JSON too (it parsed); VS Code turns off what a huge file cannot afford
        const jsonDocument = isJson || stored.summary.bodyKind === 'file';
        const content = isJson ? formatJsonPrefix(stored.bodyText, Number.POSITIVE_INFINITY).text : stored.bodyText;
        return effects.openDocument(content, jsonDocument ? 'json' : 'plaintext', responseDocumentName(stored.summary.url, jsonDocument));
      }
      case 'saveBody': {
        const stored = runner.response(message.responseId);
        if (!stored) return this.gone();
        const written = await effects.saveFile(stored.bodyText, stored.parsed !== undefined);
        if (written) effects.inform(`Saved the response body to ${written}.`);
        return;
      }
      case 'copy': {
        const stored = runner.response(message.responseId);
        if (!stored) return this.gone();
        const text = message.what === 'body' ? stored.bodyText : (stored.summary.correlationId ?? '');
        await effects.writeClipboard(text);
        effects.flash(message.what === 'body' ? 'MX: response body copied' : `MX: correlation id ${text} copied`);
        return;
      }
      case 'saveAsHttp':
        await effects.saveAsHttp(message.draft);
        return;
      case 'copyAs': {
        const profile = this.deps.session()?.profile;
        if (!profile) {
          this.post({ type: 'notice', level: 'warning', message: 'Sign in first: the export needs the API base URL of your environment.' });
          return;
        }
        const apiUrl = profile.environment.apiUrl;
        const exported =
          message.format === 'curl'
            ? toCurl(message.draft, apiUrl)
            : message.format === 'curlWithToken'
              ? toCurlWithToken(message.draft, apiUrl, { authUrl: profile.environment.authUrl, username: profile.username, clientId: profile.clientId })
              : toFetch(message.draft, apiUrl);
        if (!exported.ok) {
          this.post({ type: 'notice', level: 'warning', message: `Not copied: ${exported.reason}` });
          return;
        }
        await effects.writeClipboard(exported.text);
        effects.inform(
          message.format === 'curlWithToken'
            ? 'Copied as curl that gets its own token: set $MX_PASSWORD and $MX_CLIENT_SECRET in the shell first. MX Explorer never exports their values.'
            : `Copied as ${message.format}. It reads the token and client secret from $MX_ACCESS_TOKEN and $MX_CLIENT_SECRET; MX Explorer never exports their values.`,
        );
        return;
      }
      case 'signIn':
        return effects.signIn();
      case 'editHistory':
        if (message.pinned !== undefined) await history.pin(message.id, message.pinned);
        if (message.name !== undefined) await history.rename(message.id, message.name);
        this.post({ type: 'history', entries: this.historyEntries() });
        return;
      case 'clearHistory':
        await history.clear();
        this.post({ type: 'history', entries: this.historyEntries() });
        return;
    }
  }

  private summary(state: SessionState | undefined): SessionSummary {
    return sessionSummary(state, (this.deps.profileCount?.() ?? 1) > 1);
  }

  /** The history, each entry with its answer's responseId while that answer is still in memory. */
  private historyEntries(): HistoryEntry[] {
    return this.deps.history.entries().map((entry) => {
      const responseId = this.answers.get(entry.id);
      if (responseId !== undefined && this.deps.runner.response(responseId)) return { ...entry, responseId };
      this.answers.delete(entry.id);
      return entry;
    });
  }

  private gone(): void {
    this.post({ type: 'notice', level: 'warning', message: GONE });
  }

  /** `host`: sent by sendFromHost, whose posts a held panel shows as they stand (show()). */
  private async send(requestId: string, draft: RequestDraft, { credentials = 'session', source, confirmed = false }: HostSendOptions = {}, host = false): Promise<Answer> {
    const history = (): HostToWebview => ({ type: 'history', entries: this.historyEntries() });
    const showHistory = (): void => (host ? this.show(history) : this.post(history()));
    const state = this.deps.session();
    const environmentName = state?.profile.environment.name;
    const prepared = credentials === 'none' ? this.deps.runner.preparePlain(draft) : this.deps.runner.prepare(draft);
    if (!prepared.ok) {
      // refused, invalid or signed out: nothing was attempted, so nothing goes into the history
      const failed: Answer = { type: 'requestFailed', requestId, kind: prepared.kind, message: prepared.message };
      this.answer(failed, host);
      showHistory();
      return failed;
    }
    const endpoint = seatHoldingEndpoint(prepared, draft);
    if (endpoint && !confirmed) {
      // the panel shows "waiting for your confirmation", not a send timer, while the dialog is open
      this.post({ type: 'sendState', requestId, state: 'confirming' });
      this.confirming = requestId;
      const confirmed = await this.deps.effects.confirm(seatConfirmation(endpoint.title, state?.profile.environment)).finally(() => {
        if (this.confirming === requestId) this.confirming = undefined;
      });
      if (!confirmed) {
        const declined: Answer = { type: 'requestFailed', requestId, kind: 'declined', message: 'You declined the confirmation, so nothing was sent.' };
        this.answer(declined, host);
        return declined;
      }
      this.post({ type: 'sendState', requestId, state: 'sending' });
    }
    const controller = new AbortController();
    this.running.set(requestId, controller);
    try {
      const outcome = await this.deps.runner.send(prepared, controller.signal);
      if (outcome.ok) {
        const answered: Answer = { type: 'response', requestId, response: outcome.summary };
        this.answer(answered, host);
        // Written behind: the answer does not wait on VS Code's storage.
        const entry = this.deps.history.record(draft, { status: outcome.summary.status, durationMs: outcome.summary.durationMs, environmentName, source });
        if (entry) this.answers.set(entry.id, outcome.summary.responseId);
        return answered;
      }
      const failed: Answer = { type: 'requestFailed', requestId, kind: outcome.kind, message: outcome.message };
      this.answer(failed, host);
      // a request that was really attempted belongs in the history
      this.deps.history.record(draft, { environmentName, source });
      return failed;
    } finally {
      this.running.delete(requestId);
      showHistory();
    }
  }
}
