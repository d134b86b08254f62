// Editable name/value rows with an enabled checkbox, for query parameters and headers. Edits
// update the model in place (no re-render), so focus and the caret never jump while typing.
import type { Row } from '../protocol';
import { button, clear, h } from './dom';

interface MutableRow {
  name: string;
  value: string;
  enabled: boolean;
}

export interface RowsEditorOptions {
  /** "Query parameter" or "Header": names every control, e.g. "Header 1 name". */
  readonly noun: string;
  readonly namePlaceholder: string;
  readonly valuePlaceholder: string;
  readonly emptyText: string;
  readonly onChange: () => void;
  /** Read-only rows shown before the editable ones (the auth headers). */
  readonly fixedRows?: readonly { name: string; value: string; note: string }[];
}

export class RowsEditor {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'rows-body' });
  private rows: MutableRow[] = [];

  constructor(private readonly options: RowsEditorOptions) {
    const add = button(`Add`, () => this.add(), {
      class: 'button secondary small',
      label: `Add ${options.noun.toLowerCase()}`,
    });
    add.textContent = '+ Add';
    this.element = h('div', { class: 'rows-editor' }, this.body, h('div', { class: 'rows-actions' }, add));
    this.render();
  }

  setRows(rows: readonly Row[]): void {
    this.rows = rows.map((r) => ({ ...r }));
    this.render();
  }

  getRows(): Row[] {
    return this.rows.map((r) => ({ ...r }));
  }

  /** Rows that will be sent: enabled and named. */
  activeCount(): number {
    return this.rows.filter((r) => r.enabled && r.name.trim()).length;
  }

  private add(): void {
    this.rows.push({ name: '', value: '', enabled: true });
    this.render();
    this.options.onChange();
    this.body.querySelector<HTMLInputElement>('.row:last-child .row-name')?.focus();
  }

  private remove(index: number): void {
    this.rows.splice(index, 1);
    this.render();
    this.options.onChange();
    const rows = this.body.querySelectorAll<HTMLInputElement>('.row .row-name');
    (rows[Math.min(index, rows.length - 1)] ?? this.element.querySelector<HTMLElement>('.rows-actions button'))?.focus();
  }

  private render(): void {
    clear(this.body);
    const { noun } = this.options;
    for (const fixed of this.options.fixedRows ?? []) {
      this.body.append(
        h(
          'div',
          { class: 'row fixed', attrs: { title: `${fixed.name} is ${fixed.note}; its value is never shown here.` } },
          h('span', { class: 'row-check', attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'row-name readonly', text: fixed.name }),
          h('span', { class: 'row-value readonly', text: fixed.value }),
          h('span', { class: 'row-note', text: fixed.note }),
        ),
      );
    }
    if (!this.rows.length) {
      this.body.append(h('p', { class: 'empty', text: this.options.emptyText }));
    }
    this.rows.forEach((row, index) => {
      const n = index + 1;
      const enabled = h('input', {
        class: 'row-check',
        attrs: { type: 'checkbox', 'aria-label': `${noun} ${n} enabled`, title: 'Send this row' },
      });
      enabled.checked = row.enabled;
      const name = h('input', {
        class: 'input row-name',
        attrs: { type: 'text', 'aria-label': `${noun} ${n} name`, placeholder: this.options.namePlaceholder, spellcheck: 'false' },
      });
      name.value = row.name;
      const value = h('input', {
        class: 'input row-value',
        attrs: { type: 'text', 'aria-label': `${noun} ${n} value`, placeholder: this.options.valuePlaceholder, spellcheck: 'false' },
      });
      value.value = row.value;
      const line = h(
        'div',
        { class: `row${row.enabled ? '' : ' disabled'}` },
        enabled,
        name,
        value,
        button('✕', () => this.remove(index), { class: 'icon-button', label: `Remove ${noun.toLowerCase()} ${n}` }),
      );
      enabled.addEventListener('change', () => {
        row.enabled = enabled.checked;
        line.classList.toggle('disabled', !row.enabled);
        this.options.onChange();
      });
      name.addEventListener('input', () => {
        row.name = name.value;
        this.options.onChange();
      });
      value.addEventListener('input', () => {
        row.value = value.value;
        this.options.onChange();
      });
      this.body.append(line);
    });
  }
}
