// The "→" after an id in the tree: one small button that opens a menu of the documented next calls,
// so the links never take the room the id needs (ids show whole). A WAI-ARIA menu button: Enter,
// Space or Down opens it on its first item, Up/Down/Home/End move, Escape and Tab close it.
import type { FollowLink } from '../protocol';
import { h } from './dom';

export class LinkMenu {
  private menu: HTMLElement | undefined;
  private owner: HTMLButtonElement | undefined;

  constructor(private readonly onPick: (link: FollowLink) => void) {
    document.addEventListener(
      'pointerdown',
      (event) => {
        const target = event.target as Node | null;
        if (this.menu && target && !this.menu.contains(target) && !this.owner?.contains(target)) this.close(false);
      },
      true,
    );
    window.addEventListener('blur', () => this.close(false));
    window.addEventListener('resize', () => this.close(false));
  }

  /** The "→" button for a value with links; `name` is the key or value it belongs to. */
  button(links: readonly FollowLink[], name: string): HTMLButtonElement {
    const owner = h('button', {
      class: 'tree-link',
      text: '→',
      attrs: {
        type: 'button',
        tabindex: -1,
        'aria-haspopup': 'menu',
        'aria-expanded': 'false',
        'aria-label': `Next calls for ${name}`,
        title: links.map((l) => l.title).join('\n'),
      },
    });
    owner.addEventListener('click', (event) => {
      event.stopPropagation();
      if (this.owner === owner) this.close(true);
      else this.open(owner, links);
    });
    owner.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' && this.owner !== owner) {
        event.preventDefault();
        event.stopPropagation();
        this.open(owner, links);
      }
    });
    return owner;
  }

  close(focusOwner: boolean): void {
    const owner = this.owner;
    this.menu?.remove();
    this.menu = undefined;
    this.owner = undefined;
    owner?.setAttribute('aria-expanded', 'false');
    if (focusOwner && owner?.isConnected) owner.focus();
  }

  private open(owner: HTMLButtonElement, links: readonly FollowLink[]): void {
    this.close(false);
    const items = links.map((link) =>
      h('button', {
        class: 'link-menu-item',
        text: link.title,
        attrs: {
          type: 'button',
          role: 'menuitem',
          tabindex: -1,
          title: Object.entries(link.parameters).map(([k, v]) => `${k} = ${v}`).join('\n'),
        },
        on: {
          click: () => {
            this.close(false);
            this.onPick(link);
          },
        },
      }),
    );
    const menu = h('div', { class: 'link-menu', attrs: { role: 'menu', 'aria-label': owner.getAttribute('aria-label') ?? 'Next calls' } }, ...items);
    menu.addEventListener('keydown', (event) => this.onKey(event, items));
    document.body.append(menu);
    const rect = owner.getBoundingClientRect();
    const width = menu.offsetWidth;
    menu.style.left = `${Math.max(4, Math.min(rect.left, window.innerWidth - width - 4))}px`;
    const below = rect.bottom + 2;
    menu.style.top = `${below + menu.offsetHeight > window.innerHeight ? Math.max(4, rect.top - menu.offsetHeight - 2) : below}px`;
    this.menu = menu;
    this.owner = owner;
    owner.setAttribute('aria-expanded', 'true');
    items[0]?.focus();
  }

  private onKey(event: KeyboardEvent, items: HTMLButtonElement[]): void {
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number): void => items[(to + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'Escape':
        this.close(true);
        break;
      case 'Tab':
        this.close(true);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }
}
