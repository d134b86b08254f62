// The JSON request body: validated as the user types, with the problem's line and column and a
// caret under the spot; "Format" pretty-prints valid JSON.
import { button, clear, h } from './dom';
import { checkJson, type JsonProblem } from './jsonCheck';

export class BodyEditor {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly status = h('div', { class: 'body-status', attrs: { id: 'body-status', 'aria-live': 'polite' } });
  private readonly formatButton: HTMLButtonElement;
  private problem: JsonProblem | undefined;

  constructor(private readonly onChange: () => void) {
    this.textarea = h('textarea', {
      class: 'input body-input',
      attrs: {
        'aria-label': 'Request body',
        'aria-describedby': 'body-status',
        spellcheck: 'false',
        autocomplete: 'off',
        rows: 10,
        placeholder: '{ "key": "value" }',
      },
    });
    this.textarea.addEventListener('input', () => {
      this.validate();
      this.onChange();
    });
    this.formatButton = button('Format', () => this.format(), { class: 'button secondary small', title: 'Pretty-print the JSON body' });
    this.element = h(
      'div',
      { class: 'body-editor' },
      this.textarea,
      h('div', { class: 'body-footer' }, this.status, this.formatButton),
    );
    this.validate();
  }

  get value(): string {
    return this.textarea.value;
  }

  set value(text: string) {
    this.textarea.value = text;
    this.validate();
  }

  isValid(): boolean {
    return this.problem === undefined;
  }

  private format(): void {
    if (this.problem || !this.textarea.value.trim()) return;
    this.textarea.value = JSON.stringify(JSON.parse(this.textarea.value), null, 2);
    this.validate();
    this.onChange();
  }

  private validate(): void {
    const text = this.textarea.value;
    this.problem = checkJson(text);
    clear(this.status);
    this.formatButton.disabled = this.problem !== undefined || !text.trim();
    this.textarea.setAttribute('aria-invalid', String(this.problem !== undefined));
    this.status.className = `body-status${this.problem ? ' invalid' : ''}`;
    if (!text.trim()) {
      this.status.append(h('span', { class: 'muted', text: 'Empty body (nothing is sent).' }));
      return;
    }
    if (!this.problem) {
      this.status.append(h('span', { class: 'valid', text: '✓ Valid JSON' }));
      return;
    }
    const { line, column, message } = this.problem;
    const lineText = text.split('\n')[line - 1] ?? '';
    // Show at most 60 characters around the problem so long one-line bodies stay readable.
    const start = Math.max(0, column - 40);
    const excerpt = lineText.slice(start, start + 60).replace(/\t/g, ' ');
    this.status.append(
      h('span', { class: 'error-text', text: `✗ Invalid JSON at line ${line}, column ${column}: ${message}` }),
      h('pre', { class: 'error-excerpt', text: `${excerpt}\n${' '.repeat(Math.max(0, column - 1 - start))}^` }),
    );
  }
}
