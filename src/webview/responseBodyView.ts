// The "Response body" region: Tree / Raw views, search, and Copy / Open in Editor / Save…
// Only the host holds the full body; here there is the raw preview and the tree's loaded pages.
import type { FollowLink, HostToWebview, JsonPath, ResponseSummary } from '../protocol';
import { button, h, setText } from './dom';
import { highlightJson } from './jsonHighlight';
import { JsonTreeView } from './jsonTreeView';
import { SearchView } from './searchView';
import type { BodyView } from './state';
import { post } from './vscodeApi';

export interface ResponseBodyOptions {
  readonly onLink: (link: FollowLink) => void;
  readonly onViewChange: (view: BodyView) => void;
  readonly onExpandedChange: (paths: JsonPath[]) => void;
  readonly onSearchQuery: (query: string) => void;
}

export class ResponseBodyView {
  readonly element: HTMLElement;
  private readonly tree: JsonTreeView;
  private readonly search: SearchView;
  private readonly viewButtons = new Map<BodyView, HTMLButtonElement>();
  private readonly viewSwitch = h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'Body view' } });
  private readonly actions: HTMLElement;
  private readonly raw = h('pre', { class: 'raw', attrs: { tabindex: 0, 'aria-label': 'Raw body' } });
  private readonly rawWrap: HTMLElement;
  private readonly truncated = h('p', { class: 'truncated', hidden: true });
  private readonly message = h('p', { class: 'empty body-message', hidden: true });
  private readonly unavailable = h('p', { class: 'callout callout-info small', hidden: true });
  private readonly treeActions: HTMLElement;
  private response: ResponseSummary | undefined;
  private view: BodyView = 'tree';
  /** The raw text is built when first shown: most answers are only ever read as a tree. */
  private rawRendered = true;

  constructor(private readonly options: ResponseBodyOptions) {
    this.tree = new JsonTreeView({
      onLink: options.onLink,
      onExpandedChange: options.onExpandedChange,
      onUnavailable: () => {
        this.unavailable.hidden = false;
        setText(
          this.unavailable,
          'The tree for this response is no longer available (the panel was reloaded or the response was discarded), ' +
            'so the raw preview is shown. Send the request again to explore it.',
        );
        this.setView('raw', false);
      },
    });
    this.search = new SearchView({
      onPick: (path) => {
        this.setView('tree', true);
        this.tree.reveal(path);
      },
      onQueryChange: options.onSearchQuery,
    });
    for (const [id, label] of [
      ['tree', 'Tree'],
      ['raw', 'Raw'],
    ] as const) {
      const b = button(label, () => this.setView(id, true), { class: 'segment' });
      b.setAttribute('aria-pressed', 'false');
      this.viewButtons.set(id, b);
      this.viewSwitch.append(b);
    }
    const withResponse = (fn: (responseId: string) => void) => () => {
      if (this.response) fn(this.response.responseId);
    };
    this.actions = h(
      'div',
      { class: 'body-actions' },
      button('Copy', withResponse((responseId) => post({ type: 'copy', what: 'body', responseId })), {
        class: 'button secondary small',
        title: 'Copy the whole body',
      }),
      button('Open in Editor', withResponse((responseId) => post({ type: 'openInEditor', responseId })), {
        class: 'button secondary small',
      }),
      button('Save…', withResponse((responseId) => post({ type: 'saveBody', responseId })), {
        class: 'button secondary small',
        title: 'Save the body to a file',
      }),
    );
    this.treeActions = h(
      'div',
      { class: 'tree-actions' },
      button('Expand all', () => this.tree.expandAll(), { class: 'icon-button text', title: 'Open every object and array (up to 2,000 rows)' }),
      button('Collapse all', () => this.tree.collapseAll(), { class: 'icon-button text', title: 'Close everything below the first level' }),
    );
    this.rawWrap = h('div', { class: 'raw-wrap' }, this.raw, this.truncated);
    this.element = h(
      'section',
      { class: 'response-body', hidden: true, attrs: { 'aria-label': 'Response body' } },
      h(
        'div',
        { class: 'body-header' },
        h('div', { class: 'body-toolbar' }, this.viewSwitch, this.search.input, this.treeActions, h('span', { class: 'spacer' }), this.actions),
        this.search.results,
      ),
      this.unavailable,
      this.message,
      this.tree.element,
      this.rawWrap,
    );
  }

  show(response: ResponseSummary, view: BodyView, expanded: readonly JsonPath[], searchQuery: string): void {
    this.response = response;
    this.unavailable.hidden = true;
    setText(this.unavailable, '');
    const hasTree = response.bodyKind === 'json' && response.root !== undefined;
    this.element.hidden = false;
    this.viewSwitch.hidden = !hasTree;
    this.search.input.hidden = !hasTree;
    this.treeActions.hidden = !hasTree;
    this.raw.textContent = '';
    this.rawRendered = false;
    // Hidden elements keep no text: whoever reads the region's text sees only what is shown.
    this.truncated.hidden = !response.rawTruncated;
    setText(this.truncated, response.rawTruncated ? '(truncated — Open in Editor for the full body)' : '');
    const hasBody = response.bodyKind !== 'empty' && (response.rawPreview !== '' || response.bodyBytes > 0);
    // A body too large for the panel is explained by the response's note (its type and size).
    this.message.hidden = hasBody;
    setText(this.message, hasBody ? '' : 'The response has no body.');
    for (const b of this.actions.querySelectorAll('button')) b.disabled = !hasBody;
    if (hasTree && response.root) this.tree.show(response.responseId, response.root, expanded);
    else this.tree.clear();
    this.search.setResponse(hasTree ? response.responseId : undefined, hasTree ? searchQuery : '');
    this.setView(hasTree ? view : 'raw', false);
    if (!hasBody || response.bodyKind === 'file') this.rawWrap.hidden = response.rawPreview === '';
  }

  hide(): void {
    this.response = undefined;
    this.element.hidden = true;
    this.tree.clear();
    this.search.setResponse(undefined, '');
    this.raw.textContent = '';
  }

  handleChildren(message: Extract<HostToWebview, { type: 'nodeChildren' }>): void {
    this.tree.handleChildren(message);
  }

  handleSearchResults(message: Extract<HostToWebview, { type: 'searchResults' }>): void {
    if (message.responseId && message.responseId !== this.response?.responseId) return;
    this.search.handleResults(message);
  }

  /** A requestFailed answering an expand or search request; false if it is not one of those. */
  handleFailure(requestId: string, message: string): boolean {
    return this.tree.handleFailure(requestId, message) || this.search.handleFailure(requestId, message);
  }

  private setView(view: BodyView, byUser: boolean): void {
    this.view = view;
    for (const [id, b] of this.viewButtons) b.setAttribute('aria-pressed', String(id === view));
    this.tree.element.hidden = view !== 'tree';
    this.treeActions.hidden = view !== 'tree' || this.viewSwitch.hidden;
    this.rawWrap.hidden = view !== 'raw';
    if (view === 'raw') this.renderRaw();
    if (byUser) this.options.onViewChange(view);
  }

  private renderRaw(): void {
    if (this.rawRendered || !this.response) return;
    this.rawRendered = true;
    const text = this.response.rawPreview;
    if (this.response.bodyKind === 'json') this.raw.append(highlightJson(text));
    else this.raw.textContent = text;
  }

  currentView(): BodyView {
    return this.view;
  }
}
