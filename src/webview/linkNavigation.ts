// Back and Forward through followed links: following an id (chain → sites → showtimes) keeps where
// you were, request and answer, so one click goes back to it, as in a browser. In memory only,
// bounded; an answer the host has dropped since still shows, with its tree offered again by Send.
import type { RequestDraft, ResponseSummary } from '../protocol';
import { button, h } from './dom';

export interface Place {
  readonly draft: RequestDraft;
  readonly response?: ResponseSummary;
}

const KEPT = 20;

export class LinkNavigation {
  readonly element: HTMLElement;
  private readonly back: Place[] = [];
  private readonly forward: Place[] = [];
  private readonly backButton: HTMLButtonElement;
  private readonly forwardButton: HTMLButtonElement;

  constructor(
    private readonly here: () => Place,
    private readonly go: (place: Place) => void,
  ) {
    this.backButton = button('←', () => this.move(this.back, this.forward), { class: 'icon-button nav-button', label: 'Back' });
    this.forwardButton = button('→', () => this.move(this.forward, this.back), { class: 'icon-button nav-button', label: 'Forward' });
    this.element = h('div', { class: 'link-nav', attrs: { role: 'group', 'aria-label': 'Followed links' } }, this.backButton, this.forwardButton);
    this.update();
  }

  /** A link is about to be followed from here. */
  leaving(): void {
    this.back.push(this.here());
    if (this.back.length > KEPT) this.back.shift();
    this.forward.length = 0;
    this.update();
  }

  private move(from: Place[], to: Place[]): void {
    const place = from.pop();
    if (!place) return;
    to.push(this.here());
    this.update();
    this.go(place);
  }

  private update(): void {
    this.element.hidden = this.back.length === 0 && this.forward.length === 0;
    this.backButton.disabled = this.back.length === 0;
    this.forwardButton.disabled = this.forward.length === 0;
    this.backButton.title = this.back.length ? `Back to ${describe(this.back[this.back.length - 1])}` : 'Back';
    this.forwardButton.title = this.forward.length ? `Forward to ${describe(this.forward[this.forward.length - 1])}` : 'Forward';
  }
}

function describe(place: Place): string {
  return `${place.draft.method} ${place.draft.url.replace(/^\/mx[a-z]*\/[^/]+\/v\d+(?=\/)/i, '')}`;
}
