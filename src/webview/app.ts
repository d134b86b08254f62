// Wires the views together and owns the panel's behaviour: sending, cancelling, following links,
// restoring drafts, and remembering everything in the webview state.
import { fillTemplate, findTemplate, methodTakesBody } from '../mx/requestRules';
import type { CatalogueEndpoint, CatalogueGroup, FollowLink, HistoryEntry, HostToWebview, RequestDraft, ResponseSummary, SessionSummary } from '../protocol';
import type { UseAction } from './catalogueView';
import { clear, h } from './dom';
import type { Place } from './linkNavigation';
import { RecentAnswers } from './recentAnswers';
import { buildViews, type Views } from './appViews';
import { mergeKnownIds, StateStore } from './state';
import { newRequestId, post } from './vscodeApi';

type Message<T extends HostToWebview['type']> = Extract<HostToWebview, { type: T }>;

interface PendingSend {
  readonly requestId: string;
  readonly startedAt: number;
  cancelling: boolean;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

/** How long to wait for the host to confirm a cancel before giving up on the request here. */
const CANCEL_GRACE_MS = 5000;

export class App {
  private readonly store = new StateStore();
  private session: SessionSummary = { signedIn: false, production: false };
  private endpoints = new Map<string, CatalogueEndpoint>();
  private views: Views | undefined;
  private readonly early: HostToWebview[] = [];
  private pending: PendingSend | undefined;
  /** The last answers shown, for restoring history. */
  private readonly answers = new RecentAnswers();
  /** Sends already answered or given up on: late or duplicate answers for them are dropped. */
  private readonly finished = new Set<string>();

  constructor(private readonly root: HTMLElement) {
    clear(root);
    root.append(h('p', { class: 'loading', text: 'Loading…', attrs: { role: 'status' } }));
  }

  handle(message: HostToWebview): void {
    if (message.type === 'init') {
      this.init(message);
      return;
    }
    if (!this.views) {
      this.early.push(message);
      return;
    }
    switch (message.type) {
      case 'session':
        return this.setSession(message.session);
      case 'history':
        return this.views.history.render(message.entries);
      case 'response':
        return this.onResponse(message);
      case 'requestFailed':
        return this.onRequestFailed(message);
      case 'sendState':
        return this.onSendState(message);
      case 'nodeChildren':
        this.views.body.handleChildren(message);
        return this.views.scroll.continue();
      case 'searchResults':
        return this.views.body.handleSearchResults(message);
      case 'notice':
        return this.views.notices.show(message.level, message.message);
      case 'showEndpoint':
        return this.showEndpoint(message.endpointId);
      case 'showRequest':
        return this.showHostRequest(message);
    }
  }

  private init(message: Message<'init'>): void {
    const first = !this.views;
    const views = this.views ?? this.build();
    this.views = views;
    this.setCatalogue(message.catalogue);
    this.setSession(message.session);
    views.history.render(message.history);
    if (first) {
      this.restore(views);
      // A send this page was restored with that the host no longer knows (a window reload stops
      // running requests): its answer will never come.
      if (this.pending && !message.inFlight.includes(this.pending.requestId)) {
        this.finishPending();
        this.showFailure('cancelled', 'Interrupted before its answer came (a window reload stops running requests). Send it again.');
      }
      // A panel opened afresh (closed before) starts from the last request sent, not from nothing.
      const state = this.store.get();
      const latest = message.history[0];
      if (latest && state.draft.url === '' && !state.response && !state.failure) this.loadDraft(latest.draft);
      for (const early of this.early.splice(0)) this.handle(early);
    }
  }

  private build(): Views {
    return buildViews(this.root, this.store, {
      useEndpoint: (endpoint, values, action) => this.useEndpoint(endpoint, values, action),
      restoreEntry: (entry) => this.restoreEntry(entry),
      edited: () => this.onEdit(),
      send: () => this.send(),
      cancel: () => this.cancel(),
      draftToSend: () => this.draftToSend(),
      followLink: (link) => this.followLink(link),
      goTo: (place) => this.goTo(place),
    });
  }

  /** Puts back what the panel showed before it was hidden or reloaded. */
  private restore(views: Views): void {
    const state = this.store.get();
    views.editor.setDraft(state.draft);
    views.editor.selectTab(state.editorTab);
    this.syncEndpoint();
    if (state.pending) {
      // still running (or answered while the panel was hidden): its answer follows
      const { requestId, method, url, startedAt } = state.pending;
      this.pending = { requestId, startedAt, cancelling: false };
      views.editor.setBusy(true);
      views.body.hide();
      views.response.showPending(method, url, startedAt);
    } else if (state.response) {
      views.response.showResponse(state.response);
      views.body.show(state.response, state.bodyView, state.expanded, state.searchQuery);
    } else if (state.failure) {
      views.response.showFailure(state.failure.kind, state.failure.message);
    }
    views.scroll.restore(state.scrollTop);
  }

  private setSession(session: SessionSummary): void {
    this.session = session;
    this.views?.banner.update(session);
    this.views?.editor.setProduction(session.production);
  }

  private setCatalogue(groups: readonly CatalogueGroup[]): void {
    this.endpoints = new Map(groups.flatMap((g) => g.endpoints.map((e) => [e.id, e] as const)));
    this.views?.catalogue.render(groups);
    this.syncEndpoint();
  }

  private onEdit(): void {
    this.syncEndpoint();
    this.saveDraft();
  }

  private saveDraft(): void {
    if (this.views) this.store.update({ draft: this.views.editor.getDraft() });
  }

  /** Keeps the draft's endpointId naming the catalogue endpoint its method and URL address (the host's matcher). */
  private syncEndpoint(): void {
    const editor = this.views?.editor;
    if (!editor) return;
    const draft = editor.getDraft();
    const found = findTemplate([...this.endpoints.values()], draft.method, draft.url)?.endpoint;
    editor.setEndpoint(found?.id, found?.title);
    this.views?.catalogue.select(found?.id);
  }

  private draftFor(endpoint: CatalogueEndpoint, values: Readonly<Record<string, string>>): RequestDraft {
    return {
      method: endpoint.method,
      url: fillTemplate(endpoint.path, values).path,
      query: [],
      headers: this.views?.editor.getDraft().headers ?? [],
      body: methodTakesBody(endpoint.method) ? (endpoint.bodyTemplate ?? '') : '',
      endpointId: endpoint.id,
    };
  }

  private loadDraft(draft: RequestDraft, focus = true): void {
    const editor = this.views?.editor;
    if (!editor) return;
    if (focus) this.views?.layout.closeDrawer();
    editor.setDraft(draft);
    this.syncEndpoint();
    if (methodTakesBody(draft.method) && draft.body.trim()) editor.selectTab('body');
    // a GET loaded over a POST's Body tab would open on "GET requests have no body"
    else if (!methodTakesBody(draft.method) && editor.selectedTab === 'body') editor.selectTab('query');
    this.saveDraft();
    if (focus) editor.focusUrl();
  }

  /** Opens an endpoint's form in the catalogue, showing the sidebar if it was hidden. */
  private showEndpoint(endpointId: string): void {
    const views = this.views;
    if (!views) return;
    if (!this.endpoints.has(endpointId)) {
      views.notices.show('warning', 'That endpoint is not in the catalogue.');
      return;
    }
    views.layout.setCollapsed(false);
    if (!views.layout.isNarrow()) this.store.update({ sidebarCollapsed: false });
    views.catalogue.open(endpointId);
  }

  private useEndpoint(endpoint: CatalogueEndpoint, values: Record<string, string>, action: UseAction): void {
    const remembered = { ...this.store.get().paramValues };
    for (const [name, value] of Object.entries(values)) if (value) remembered[name] = value;
    this.store.update({ paramValues: remembered });
    this.loadDraft(this.draftFor(endpoint, values), action !== 'fill');
    if (action === 'send') this.send();
  }

  private followLink(link: FollowLink): void {
    const endpoint = this.endpoints.get(link.endpointId);
    if (!endpoint) {
      this.views?.notices.show('warning', `“${link.title}” is not in the endpoint catalogue.`);
      return;
    }
    if (this.pending) {
      this.views?.notices.show('info', 'A request is already running; cancel it first.');
      return;
    }
    this.views?.navigation.leaving();
    this.loadDraft(this.draftFor(endpoint, link.parameters));
    this.send();
  }

  /** A history entry: its request, and its answer while this page still has it. */
  private restoreEntry(entry: HistoryEntry): void {
    this.loadDraft(entry.draft);
    const shown = this.store.get().response;
    const answer = entry.responseId ? (this.answers.get(entry.responseId) ?? (shown?.responseId === entry.responseId ? shown : undefined)) : undefined;
    if (answer && !this.pending) this.showAnswer(answer);
  }

  /** Back or Forward: the request and the answer it had there (nothing is sent). */
  private goTo(place: Place): void {
    const views = this.views;
    if (!views || this.pending) return;
    this.loadDraft(place.draft);
    if (place.response) this.showAnswer(place.response);
  }

  /** Shows an answer already received (from Back, Forward or the history), without sending. */
  private showAnswer(response: ResponseSummary): void {
    const views = this.views;
    if (!views) return;
    const expanded = response.expand ?? [[]];
    views.response.showResponse(response);
    views.body.show(response, this.store.get().bodyView, expanded, '');
    this.store.remove('failure');
    this.store.update({ response, expanded, searchQuery: '' });
  }

  /** The draft as it goes to the host: no body for methods that take none. */
  private draftToSend(): RequestDraft {
    const draft = this.views?.editor.getDraft() ?? this.store.get().draft;
    return methodTakesBody(draft.method) ? draft : { ...draft, body: '' };
  }

  private send(): void {
    const views = this.views;
    if (!views) return;
    if (this.pending) {
      views.notices.show('info', 'A request is already running; cancel it first.');
      return;
    }
    if (!this.session.signedIn) {
      views.banner.attention();
      return;
    }
    const draft = this.draftToSend();
    if (!draft.url) {
      views.notices.show('warning', 'Enter a URL, or pick an endpoint from the catalogue.');
      views.editor.focusUrl();
      return;
    }
    if (!views.editor.bodyValid()) {
      views.editor.selectTab('body');
      return;
    }
    const requestId = newRequestId('send');
    this.startPending(views, requestId, draft);
    post({ type: 'send', requestId, draft });
  }

  /** A send is running: the editor busy, the answer area showing it, the page state saved. */
  private startPending(views: Views, requestId: string, draft: RequestDraft): void {
    const startedAt = Date.now();
    this.pending = { requestId, startedAt, cancelling: false };
    views.editor.setBusy(true);
    views.body.hide();
    views.response.showPending(draft.method, draft.url, startedAt);
    this.store.update({ pending: { requestId, method: draft.method, url: draft.url, startedAt } });
    this.store.saveNow();
  }

  /** A request the host sends from a `.http` file: shown in the editor, running, its answer to follow. */
  private showHostRequest(message: Message<'showRequest'>): void {
    const views = this.views;
    if (!views || this.dealtWith(message.requestId)) return;
    // A send of the panel's own still running is superseded: only the latest request is shown.
    if (this.pending) this.finishPending();
    this.loadDraft(message.draft);
    this.startPending(views, message.requestId, message.draft);
  }

  private cancel(): void {
    const pending = this.pending;
    if (!pending || pending.cancelling) return;
    pending.cancelling = true;
    post({ type: 'cancel', requestId: pending.requestId });
    this.views?.editor.setBusy(true, true);
    this.views?.response.showCancelling();
    pending.cancelTimer = setTimeout(() => {
      if (this.pending !== pending) return;
      this.finishPending();
      this.showFailure('cancelled', 'The request was cancelled.');
    }, CANCEL_GRACE_MS);
  }

  private finishPending(): void {
    if (this.pending?.cancelTimer !== undefined) clearTimeout(this.pending.cancelTimer);
    if (this.pending) this.finished.add(this.pending.requestId);
    this.pending = undefined;
    this.store.remove('pending');
    this.views?.editor.setBusy(false);
  }

  /** An answer this page (or the page it was restored from) already dealt with: the host may post it again. */
  private dealtWith(requestId: string): boolean {
    return this.finished.has(requestId) || this.store.get().answered === requestId;
  }

  /** Answers for a send this page did not make (e.g. before a reload) are shown only if idle. */
  private isOurs(requestId: string): boolean {
    if (this.dealtWith(requestId)) return false;
    return this.pending ? this.pending.requestId === requestId : true;
  }

  /**
   * Tells the host it can stop holding this answer, once what the page shows is saved: a page torn
   * down before this leaves the host holding it, and the page that replaces it gets it again.
   */
  private acknowledge(requestId: string): void {
    this.finished.add(requestId);
    this.store.update({ answered: requestId });
    this.store.saveNow();
    post({ type: 'answerReceived', requestId });
  }

  private onResponse(message: Message<'response'>): void {
    const views = this.views;
    if (!views) return;
    if (this.isOurs(message.requestId)) {
      this.finishPending();
      const state = this.store.get();
      views.response.showResponse(message.response);
      const expanded = message.response.expand ?? [[]];
      this.answers.add(message.response);
      views.body.show(message.response, state.bodyView, expanded, state.searchQuery);
      this.store.remove('failure');
      const knownIds = message.response.ids ? mergeKnownIds(state.knownIds, message.response.ids) : state.knownIds;
      this.store.update({ response: message.response, expanded, knownIds });
    }
    this.acknowledge(message.requestId);
  }

  /** The host asks for confirmation before sending (no timer runs), then sends (the timer starts). */
  private onSendState(message: Message<'sendState'>): void {
    const pending = this.pending;
    const views = this.views;
    if (!views || !pending || pending.requestId !== message.requestId || pending.cancelling) return;
    const { method, url } = this.store.get().pending ?? { method: 'GET', url: '' };
    if (message.state === 'confirming') {
      views.response.showConfirming(method, url);
      return;
    }
    const startedAt = Date.now();
    this.pending = { ...pending, startedAt };
    this.store.update({ pending: { requestId: pending.requestId, method, url, startedAt } });
    views.response.showPending(method, url, startedAt);
  }

  private onRequestFailed(message: Message<'requestFailed'>): void {
    const views = this.views;
    if (!views) return;
    if (views.body.handleFailure(message.requestId, message.message)) return;
    if (this.dealtWith(message.requestId)) {
      this.acknowledge(message.requestId);
      return;
    }
    if (!this.pending || this.pending.requestId !== message.requestId) {
      views.notices.show(message.kind === 'cancelled' ? 'info' : 'warning', message.message);
      this.acknowledge(message.requestId);
      return;
    }
    this.finishPending();
    this.showFailure(message.kind, message.message);
    if (message.kind === 'signedOut') views.banner.attention();
    this.acknowledge(message.requestId);
  }

  private showFailure(kind: Message<'requestFailed'>['kind'], message: string): void {
    this.views?.response.showFailure(kind, message);
    this.store.remove('response');
    this.store.update({ failure: { kind, message }, expanded: [] });
  }
}
