// The panel's frame: a header (sidebar toggle, title, session), a collapsible sidebar and the
// main column. Views are dropped into the slots it exposes. When the panel is narrow (an editor
// beside it), the sidebar is a drawer over the main column, closed unless ☰ opened it: it never
// stacks above the request and pushes the response off-screen.
import { h } from './dom';

const NARROW = '(max-width: 700px)';

export class Layout {
  readonly element: HTMLElement;
  readonly headerSlot = h('div', { class: 'header-session' });
  readonly sidebar = h('aside', { class: 'sidebar', attrs: { id: 'sidebar', 'aria-label': 'Endpoints and history' } });
  readonly main = h('main', { class: 'main' });
  private readonly toggle: HTMLButtonElement;
  private readonly narrow = window.matchMedia(NARROW);
  /** The user's choice for a wide panel (remembered). */
  private collapsed: boolean;
  /** The drawer of a narrow panel (not remembered: a narrow panel starts with it closed). */
  private drawerOpen = false;

  constructor(collapsed: boolean, onToggle: (collapsed: boolean) => void) {
    this.collapsed = collapsed;
    this.toggle = h('button', {
      class: 'icon-button sidebar-toggle',
      text: '☰',
      attrs: { type: 'button', 'aria-controls': 'sidebar', 'aria-label': 'Endpoints and history' },
      on: {
        click: () => {
          if (this.isNarrow()) {
            this.drawerOpen = !this.drawerOpen;
            this.apply();
            if (this.drawerOpen) this.sidebar.querySelector<HTMLElement>('input, button')?.focus();
            return;
          }
          this.setCollapsed(!this.collapsed);
          onToggle(this.collapsed);
        },
      },
    });
    this.element = h(
      'div',
      { class: 'app' },
      h('header', { class: 'panel-header' }, this.toggle, h('h1', { class: 'panel-title', text: 'MX Request' }), this.headerSlot),
      h('div', { class: 'panel-body' }, this.sidebar, this.main),
    );
    this.narrow.addEventListener('change', () => {
      this.drawerOpen = false;
      this.apply();
    });
    this.main.addEventListener('pointerdown', () => this.closeDrawer());
    this.sidebar.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isNarrow() && this.drawerOpen) {
        event.preventDefault();
        this.closeDrawer();
        this.toggle.focus();
      }
    });
    this.apply();
  }

  isNarrow(): boolean {
    return this.narrow.matches;
  }

  /** Shows or hides the sidebar: in a narrow panel, opens or closes the drawer. */
  setCollapsed(collapsed: boolean): void {
    if (this.isNarrow()) this.drawerOpen = !collapsed;
    else this.collapsed = collapsed;
    this.apply();
  }

  /** After picking something in the drawer: the request and its answer are what matters now. */
  closeDrawer(): void {
    if (!this.isNarrow() || !this.drawerOpen) return;
    this.drawerOpen = false;
    this.apply();
  }

  private apply(): void {
    const hidden = this.isNarrow() ? !this.drawerOpen : this.collapsed;
    this.element.classList.toggle('sidebar-collapsed', hidden);
    this.element.classList.toggle('narrow', this.isNarrow());
    this.sidebar.hidden = hidden;
    this.toggle.setAttribute('aria-expanded', String(!hidden));
    this.toggle.title = hidden ? 'Show endpoints and history' : 'Hide endpoints and history';
  }
}
