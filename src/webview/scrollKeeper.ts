// Keeps the response area's scroll position across a hide or reload: saves it as it changes, and
// after a restore chases the saved position while the tree's pages arrive, until the user scrolls
// or types, or for a few seconds at most.
import { debounce } from './dom';

export class ScrollKeeper {
  private target: number | undefined;

  constructor(
    private readonly scroller: HTMLElement,
    save: (scrollTop: number) => void,
  ) {
    const saveSoon = debounce(() => {
      if (this.target === undefined) save(scroller.scrollTop);
    }, 200);
    scroller.addEventListener('scroll', saveSoon, { passive: true });
  }

  /** Goes back to `scrollTop` as soon as the content is tall enough. */
  restore(scrollTop: number): void {
    if (scrollTop <= 0) return;
    this.target = scrollTop;
    const stop = (): void => {
      this.target = undefined;
    };
    for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) {
      this.scroller.addEventListener(type, stop, { once: true, passive: true });
    }
    setTimeout(stop, 5000);
    requestAnimationFrame(() => this.continue());
  }

  /** More content arrived: try again. */
  continue(): void {
    if (this.target === undefined) return;
    this.scroller.scrollTop = this.target;
    if (this.scroller.scrollTop >= this.target - 1) this.target = undefined;
  }
}
