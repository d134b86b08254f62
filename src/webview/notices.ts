// Messages from the host ("Copied", "Saved to …", warnings): shown at the top of the main column.
// Info fades after a few seconds; warnings and errors stay until dismissed.
import { button, h } from './dom';

const INFO_MS = 5000;
const MAX_SHOWN = 3;

export class NoticeArea {
  readonly element = h('div', { class: 'notices' });

  show(level: 'info' | 'warning' | 'error', message: string): void {
    if (!message) return;
    const notice = h(
      'div',
      { class: `notice notice-${level}`, attrs: { role: level === 'info' ? 'status' : 'alert' } },
      h('span', { class: 'notice-icon', text: level === 'info' ? 'ℹ' : '⚠', attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'notice-text', text: message }),
    );
    notice.append(button('✕', () => notice.remove(), { class: 'icon-button', label: 'Dismiss' }));
    this.element.append(notice);
    while (this.element.children.length > MAX_SHOWN) this.element.firstElementChild?.remove();
    if (level === 'info') setTimeout(() => notice.remove(), INFO_MS);
  }
}
