// Searches the response body on the host (debounced) and lists the matches; picking one opens the
// tree down to it.
import type { HostToWebview, JsonPath } from '../protocol';
import { clear, debounce, h } from './dom';
import { formatPath } from './format';
import { newRequestId, post } from './vscodeApi';

type SearchResults = Extract<HostToWebview, { type: 'searchResults' }>;

export interface SearchOptions {
  readonly onPick: (path: JsonPath) => void;
  readonly onQueryChange: (query: string) => void;
}

const MAX_LISTED = 200;

export class SearchView {
  readonly input: HTMLInputElement;
  readonly results = h('div', { class: 'search-results', hidden: true, attrs: { 'aria-live': 'polite' } });
  private responseId: string | undefined;
  private pendingId: string | undefined;
  private readonly run = debounce(() => this.search(), 250);

  constructor(private readonly options: SearchOptions) {
    this.input = h('input', {
      class: 'input search-input',
      attrs: { type: 'search', 'aria-label': 'Search response', placeholder: 'Search response', spellcheck: 'false' },
    });
    this.input.addEventListener('input', () => {
      this.options.onQueryChange(this.input.value);
      this.run();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.run.flush();
      } else if (event.key === 'Escape' && this.input.value) {
        event.preventDefault();
        event.stopPropagation();
        this.input.value = '';
        this.options.onQueryChange('');
        this.search();
      }
    });
  }

  /** A new response (or none): keeps the query and searches again if there is one. */
  setResponse(responseId: string | undefined, query: string): void {
    this.responseId = responseId;
    this.input.value = query;
    this.run.cancel();
    this.search();
  }

  handleResults(message: SearchResults): void {
    if (message.requestId !== this.pendingId) return;
    this.pendingId = undefined;
    clear(this.results);
    const count = message.matches.length;
    this.results.append(
      h('div', {
        class: 'search-summary',
        text: count
          ? `${count}${message.truncated ? '+' : ''} match${count === 1 ? '' : 'es'}${message.truncated ? ' (more not shown; refine the search)' : ''}`
          : `No matches for “${message.query}”.`,
      }),
    );
    if (!count) return;
    const list = h('ul', { class: 'search-list', attrs: { 'aria-label': 'Search matches' } });
    for (const match of message.matches.slice(0, MAX_LISTED)) {
      list.append(
        h(
          'li',
          {},
          h(
            'button',
            {
              class: 'search-match',
              attrs: { type: 'button', title: formatPath(match.path) },
              on: { click: () => this.options.onPick(match.path) },
            },
            h('code', { class: 'search-path', text: formatPath(match.path) }),
            h('span', { class: 'search-preview', text: match.preview }),
          ),
        ),
      );
    }
    this.results.append(list);
  }

  handleFailure(requestId: string, message: string): boolean {
    if (requestId !== this.pendingId) return false;
    this.pendingId = undefined;
    clear(this.results);
    this.results.append(h('div', { class: 'search-summary error-text', text: `Search failed: ${message}` }));
    return true;
  }

  private search(): void {
    const query = this.input.value.trim();
    clear(this.results);
    this.results.hidden = !query || !this.responseId;
    this.pendingId = undefined;
    if (!query || !this.responseId) return;
    this.pendingId = newRequestId('search');
    this.results.append(h('div', { class: 'search-summary muted', text: 'Searching…' }));
    post({ type: 'search', requestId: this.pendingId, responseId: this.responseId, query });
  }
}
