// Requests sent from this panel, newest first; one click puts a request back in the editor.
import type { HistoryEntry, RequestDraft } from '../protocol';
import { methodTag } from './catalogueView';
import { button, clear, h } from './dom';
import { formatDuration, formatTime, statusClass } from './format';

export interface HistoryOptions {
  readonly onRestore: (draft: RequestDraft) => void;
  readonly onClear: () => void;
}

export class HistoryView {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'history-list' });
  private readonly clearButton: HTMLButtonElement;

  constructor(private readonly options: HistoryOptions) {
    this.clearButton = button('Clear', () => this.options.onClear(), { class: 'button secondary small', label: 'Clear history' });
    this.element = h(
      'section',
      { class: 'history', attrs: { 'aria-label': 'History' } },
      h('div', { class: 'sidebar-heading-row' }, h('h2', { class: 'sidebar-heading', text: 'History' }), this.clearButton),
      this.list,
    );
  }

  render(entries: readonly HistoryEntry[]): void {
    clear(this.list);
    const sorted = [...entries].sort((a, b) => b.at - a.at);
    this.clearButton.disabled = sorted.length === 0;
    if (!sorted.length) {
      this.list.append(h('li', { class: 'empty', text: 'No requests yet.' }));
      return;
    }
    const now = new Date();
    for (const entry of sorted) {
      const { draft } = entry;
      const when = entry.at ? new Date(entry.at).toLocaleString() : '';
      const tooltip = [
        `${draft.method} ${draft.url}`,
        entry.status !== undefined ? `Status ${entry.status}` : 'No response',
        entry.durationMs !== undefined ? formatDuration(entry.durationMs) : '',
        entry.environmentName ?? '',
        entry.source ? `from ${entry.source.file}:${entry.source.line}` : '',
        when,
      ]
        .filter(Boolean)
        .join(' · ');
      this.list.append(
        h(
          'li',
          {},
          h(
            'button',
            {
              class: 'history-item',
              attrs: { type: 'button', title: tooltip },
              on: { click: () => this.options.onRestore(draft) },
            },
            methodTag(draft.method),
            h('span', { class: 'history-url', text: shortUrl(draft.url) }),
            h(
              'span',
              { class: 'history-meta' },
              entry.status !== undefined
                ? h('span', { class: `status-text ${statusClass(entry.status)}`, text: String(entry.status) })
                : h('span', { class: 'status-text status-none', text: '—' }),
              h('span', { class: 'history-time', text: formatTime(entry.at, now) }),
            ),
          ),
        ),
      );
    }
  }
}

/** The part of the URL that tells requests apart: no origin, no `/mxs/reference-data/v1` prefix. */
function shortUrl(url: string): string {
  if (!url) return '(no URL)';
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  return path.replace(/^\/mx[a-z]*\/[^/]+\/v\d+(?=\/)/i, '') || path || url;
}
