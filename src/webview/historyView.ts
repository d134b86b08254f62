// Requests sent from this panel, newest first; one click puts a request back in the editor.
import type { HistoryEntry } from '../protocol';
import { methodTag } from './catalogueView';
import { button, clear, h } from './dom';
import { formatDateTime, formatDuration, formatTime, statusClass } from './format';

export interface HistoryOptions {
  /** Pins or unpins an entry, or names it ('' removes the name). */
  readonly onEdit: (id: string, change: { pinned?: boolean; name?: string }) => void;
  /** Puts the entry's request back (and its answer, when there still is one). */
  readonly onRestore: (entry: HistoryEntry) => void;
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

  /** Replaces the row with a text field: Enter keeps the name ('' removes it), Escape cancels. */
  private startRename(row: HTMLElement, entry: HistoryEntry, label: string): void {
    const input = h('input', {
      class: 'input history-rename',
      attrs: { type: 'text', 'aria-label': `Name for ${label}`, maxlength: 80, spellcheck: 'false', placeholder: shortUrl(entry.draft.url) },
    });
    input.value = entry.name ?? '';
    let done = false;
    const finish = (save: boolean): void => {
      if (done) return;
      done = true;
      if (save && input.value.trim() !== (entry.name ?? '')) this.options.onEdit(entry.id, { name: input.value.trim() });
      else row.replaceChildren(...saved);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        finish(true);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        finish(false);
        row.querySelector<HTMLElement>('.history-item')?.focus();
      }
    });
    input.addEventListener('blur', () => finish(true));
    const saved = [...row.childNodes];
    row.replaceChildren(input);
    input.focus();
    input.select();
  }

  render(entries: readonly HistoryEntry[]): void {
    clear(this.list);
    // pinned first, then newest first (as the host keeps them)
    const sorted = [...entries].sort((a, b) => Number(!!b.pinned) - Number(!!a.pinned) || b.at - a.at);
    this.clearButton.disabled = sorted.length === 0;
    if (!sorted.length) {
      this.list.append(h('li', { class: 'empty', text: 'No requests yet.' }));
      return;
    }
    const now = new Date();
    for (const entry of sorted) {
      const { draft } = entry;
      const when = entry.at ? formatDateTime(entry.at) : '';
      const tooltip = [
        `${draft.method} ${draft.url}`,
        entry.status !== undefined ? `Status ${entry.status}` : 'No response',
        entry.durationMs !== undefined ? formatDuration(entry.durationMs) : '',
        entry.environmentName ?? '',
        entry.source ? `from ${entry.source.file}:${entry.source.line}` : '',
        when,
        entry.responseId ? 'click to see it again, request and answer' : 'click to put the request back',
      ]
        .filter(Boolean)
        .join(' · ');
      const label = entry.name ?? shortUrl(draft.url);
      const restore = h(
        'button',
        {
          class: 'history-item',
          attrs: { type: 'button', title: tooltip },
          on: { click: () => this.options.onRestore(entry) },
        },
        methodTag(draft.method),
        h('span', { class: `history-url${entry.name ? ' named' : ''}`, text: label }),
        h(
          'span',
          { class: 'history-meta' },
          entry.status !== undefined
            ? h('span', { class: `status-text ${statusClass(entry.status)}`, text: String(entry.status) })
            : h('span', { class: 'status-text status-none', text: '—' }),
          h('span', { class: 'history-time', text: formatTime(entry.at, now) }),
        ),
      );
      const row = h('li', { class: `history-row${entry.pinned ? ' pinned' : ''}` });
      const pin = button(entry.pinned ? '★' : '☆', () => this.options.onEdit(entry.id, { pinned: !entry.pinned }), {
        class: 'icon-button history-action',
        label: `${entry.pinned ? 'Unpin' : 'Pin'} ${label}`,
        title: entry.pinned ? 'Unpin' : 'Pin: keep it at the top, whatever the history size',
      });
      pin.setAttribute('aria-pressed', String(!!entry.pinned));
      const rename = button('✎', () => this.startRename(row, entry, label), {
        class: 'icon-button history-action',
        label: `Rename ${label}`,
        title: 'Rename',
      });
      row.append(restore, h('span', { class: 'history-actions' }, pin, rename));
      this.list.append(row);
    }
  }
}

/** The part of the URL that tells requests apart: no origin, no `/mxs/reference-data/v1` prefix. */
function shortUrl(url: string): string {
  if (!url) return '(no URL)';
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  return path.replace(/^\/mx[a-z]*\/[^/]+\/v\d+(?=\/)/i, '') || path || url;
}
