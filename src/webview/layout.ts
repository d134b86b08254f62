// The panel's frame: a header (sidebar toggle, title, session), a collapsible sidebar and the
// main column. Views are dropped into the slots it exposes.
import { h } from './dom';

export class Layout {
  readonly element: HTMLElement;
  readonly headerSlot = h('div', { class: 'header-session' });
  readonly sidebar = h('aside', { class: 'sidebar', attrs: { id: 'sidebar', 'aria-label': 'Endpoints and history' } });
  readonly main = h('main', { class: 'main' });
  private readonly toggle: HTMLButtonElement;

  constructor(collapsed: boolean, onToggle: (collapsed: boolean) => void) {
    this.toggle = h('button', {
      class: 'icon-button sidebar-toggle',
      text: '☰',
      attrs: { type: 'button', 'aria-controls': 'sidebar', 'aria-label': 'Endpoints and history' },
      on: {
        click: () => {
          const next = !this.element.classList.contains('sidebar-collapsed');
          this.setCollapsed(next);
          onToggle(next);
        },
      },
    });
    this.element = h(
      'div',
      { class: 'app' },
      h('header', { class: 'panel-header' }, this.toggle, h('h1', { class: 'panel-title', text: 'MX Request' }), this.headerSlot),
      h('div', { class: 'panel-body' }, this.sidebar, this.main),
    );
    this.setCollapsed(collapsed);
  }

  setCollapsed(collapsed: boolean): void {
    this.element.classList.toggle('sidebar-collapsed', collapsed);
    this.sidebar.hidden = collapsed;
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
    this.toggle.title = collapsed ? 'Show endpoints and history' : 'Hide endpoints and history';
  }
}
