// The response body as a lazily loaded tree. The host keeps the parsed body; the webview only ever
// holds the root and the pages of children of nodes the user expanded (collapsing drops them), so a
// 20 MB body costs a few hundred DOM nodes. Keyboard: a WAI-ARIA tree with a roving tabindex.
import { MAX_CHILDREN_PER_PAGE, type FollowLink, type HostToWebview, type JsonNode, type JsonPath } from '../protocol';
import { clear, h } from './dom';
import { pathKey } from './format';
import { LinkMenu } from './linkMenu';
import { handleTreeKey } from './treeKeyboard';
import { expandable, treeRow } from './treeRow';
import { newRequestId, post } from './vscodeApi';

type NodeChildren = Extract<HostToWebview, { type: 'nodeChildren' }>;

interface NodeView {
  readonly path: JsonPath;
  readonly key: string;
  readonly node: JsonNode;
  readonly level: number;
  readonly index: number;
  readonly li: HTMLLIElement;
  group: HTMLUListElement | undefined;
  readonly children: Map<number, NodeView>;
  total: number;
  /** Offsets of pages asked for and not answered yet. */
  readonly inflight: Set<number>;
  status: HTMLLIElement | undefined;
}

interface PendingPage {
  readonly key: string;
  readonly offset: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** A path to open (restoring expanded nodes, or showing a search match). */
interface Goal {
  readonly path: JsonPath;
  readonly expand: boolean;
  readonly highlight: boolean;
}

export interface JsonTreeOptions {
  readonly onLink: (link: FollowLink) => void;
  readonly onExpandedChange: (paths: JsonPath[]) => void;
  /** The host no longer answers for this response (e.g. after a reload). */
  readonly onUnavailable: () => void;
}

const ANSWER_TIMEOUT_MS = 15_000;

/** Expand all stops after this many rows: a 20 MB body would otherwise load it all into the page. */
export const EXPAND_ALL_ROWS = 2000;

export class JsonTreeView {
  readonly element: HTMLElement;
  private readonly tree = h('ul', { class: 'tree', attrs: { role: 'tree', 'aria-label': 'JSON tree' } });
  private responseId: string | undefined;
  private readonly views = new Map<string, NodeView>();
  private readonly itemViews = new WeakMap<Element, NodeView>();
  private readonly moreActions = new WeakMap<Element, () => void>();
  private readonly requests = new Map<string, PendingPage>();
  private goals: Goal[] = [];
  private focused: HTMLElement | undefined;
  private highlighted: HTMLElement | undefined;
  private readonly linkMenu: LinkMenu;
  /** Rows "Expand all" may still load; 0 when it is not running. */
  private expandAllBudget = 0;

  constructor(private readonly options: JsonTreeOptions) {
    this.linkMenu = new LinkMenu(options.onLink);
    this.element = h('div', { class: 'tree-wrap' }, this.tree);
    this.tree.addEventListener('keydown', (event) => this.onKey(event));
    this.tree.addEventListener('focusin', (event) => {
      const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
      if (item && item !== this.focused) this.focusItem(item, false);
    });
  }

  show(responseId: string, root: JsonNode, expanded: readonly JsonPath[]): void {
    this.clear();
    this.responseId = responseId;
    const view = this.createView(root, [], 1, 0, 1);
    this.tree.append(view.li);
    this.focusItem(view.li, false);
    this.goals = [...expanded]
      .sort((a, b) => a.length - b.length)
      .map((path) => ({ path, expand: true, highlight: false }));
    this.advance();
  }

  clear(): void {
    this.linkMenu.close(false);
    this.expandAllBudget = 0;
    for (const pending of this.requests.values()) clearTimeout(pending.timer);
    this.requests.clear();
    this.views.clear();
    this.goals = [];
    this.focused = undefined;
    this.highlighted = undefined;
    this.responseId = undefined;
    clear(this.tree);
  }

  expandedPaths(): JsonPath[] {
    return [...this.views.values()].filter((v) => v.group).map((v) => v.path);
  }

  /** Opens every object and array, as pages arrive, until EXPAND_ALL_ROWS rows are loaded. */
  expandAll(): void {
    this.expandAllBudget = EXPAND_ALL_ROWS;
    for (const view of [...this.views.values()]) this.expandForAll(view);
  }

  /** Closes everything below the root. */
  collapseAll(): void {
    this.expandAllBudget = 0;
    const root = this.views.get(pathKey([]));
    if (!root) return;
    for (const child of [...root.children.values()]) this.collapse(child);
    if (!root.group) this.expand(root);
  }

  private expandForAll(view: NodeView): void {
    if (this.expandAllBudget <= 0 || view.group || !expandable(view.node)) return;
    this.expandAllBudget -= Math.min(view.total, MAX_CHILDREN_PER_PAGE);
    this.expand(view);
  }

  /** Opens every ancestor of `path` (paging as needed), then highlights and focuses it. */
  reveal(path: JsonPath): void {
    this.goals = this.goals.filter((g) => !g.highlight);
    this.goals.push({ path, expand: false, highlight: true });
    this.advance();
  }

  handleChildren(message: NodeChildren): void {
    if (!this.responseId || (message.responseId && message.responseId !== this.responseId)) return;
    const pending = this.requests.get(message.requestId);
    if (pending) {
      clearTimeout(pending.timer);
      this.requests.delete(message.requestId);
    }
    const view = this.views.get(pending?.key ?? pathKey(message.path));
    if (!view || !view.group) return;
    view.inflight.delete(pending?.offset ?? message.offset);
    view.total = message.total;
    view.status?.remove();
    view.status = undefined;
    const previousMax = Math.max(-1, ...view.children.keys());
    const fresh: NodeView[] = [];
    message.children.forEach((child, i) => {
      const index = message.offset + i;
      if (view.children.has(index)) return;
      const childView = this.createView(child, [...view.path, child.key], view.level + 1, index, view.total);
      view.children.set(index, childView);
      fresh.push(childView);
    });
    this.layout(view, fresh, fresh.some((c) => c.index < previousMax));
    if (!view.children.size && !view.total) this.showStatus(view, 'No children.');
    for (const child of fresh) this.expandForAll(child);
    this.advance();
  }

  /** A `requestFailed` answering one of this tree's requests; false if it is not ours. */
  handleFailure(requestId: string, message: string): boolean {
    const pending = this.requests.get(requestId);
    if (!pending) return false;
    this.fail(requestId, pending, message);
    return true;
  }

  private fail(requestId: string, pending: PendingPage, message: string): void {
    clearTimeout(pending.timer);
    this.requests.delete(requestId);
    this.goals = [];
    const view = this.views.get(pending.key);
    if (!view) return;
    view.inflight.delete(pending.offset);
    if (view.group) {
      this.showStatus(view, `Couldn't load: ${message}`, true);
      this.layout(view, [], false);
    }
    if (view.path.length === 0 && view.children.size === 0) this.options.onUnavailable();
  }

  private createView(node: JsonNode, path: JsonPath, level: number, index: number, setSize: number): NodeView {
    const canExpand = expandable(node);
    const isRoot = path.length === 0;
    const keyText = isRoot ? '' : String(node.key);
    const links = node.links ?? [];
    const linkButton = links.length ? this.linkMenu.button(links, keyText || 'this value') : null;
    const row = treeRow(node, keyText, linkButton);
    const li = h(
      'li',
      {
        class: 'tree-item',
        attrs: {
          role: 'treeitem',
          tabindex: -1,
          'aria-level': level,
          'aria-posinset': index + 1,
          'aria-setsize': Math.max(setSize, index + 1),
          'aria-expanded': canExpand ? 'false' : undefined,
          'aria-label': `${keyText ? `${keyText}: ` : ''}${node.preview}${links.length ? `, ${links.length} link${links.length > 1 ? 's' : ''}` : ''}`,
          'aria-description': node.inline,
        },
      },
      row,
    );
    row.addEventListener('click', () => {
      this.focusItem(li);
      this.toggle(view);
    });
    const view: NodeView = {
      path,
      key: pathKey(path),
      node,
      level,
      index,
      li,
      group: undefined,
      children: new Map(),
      total: node.childCount ?? 0,
      inflight: new Set(),
      status: undefined,
    };
    this.views.set(view.key, view);
    this.itemViews.set(li, view);
    return view;
  }

  private toggle(view: NodeView): void {
    if (view.group) this.collapse(view);
    else this.expand(view);
  }

  private expand(view: NodeView): void {
    if (view.group || !expandable(view.node)) return;
    view.group = h('ul', { class: 'tree-group', attrs: { role: 'group' } });
    view.li.append(view.group);
    view.li.setAttribute('aria-expanded', 'true');
    this.setTwisty(view, '▾');
    this.requestPage(view, 0);
    this.options.onExpandedChange(this.expandedPaths());
  }

  private collapse(view: NodeView): void {
    if (!view.group) return;
    const hadFocus = view.group.contains(document.activeElement);
    view.group.remove();
    view.group = undefined;
    const prefix = view.path.length ? `${view.key.slice(0, -1)},` : '[';
    for (const key of [...this.views.keys()]) if (key !== view.key && key.startsWith(prefix)) this.views.delete(key);
    for (const [id, pending] of this.requests) {
      if (pending.key === view.key || pending.key.startsWith(prefix)) {
        clearTimeout(pending.timer);
        this.requests.delete(id);
      }
    }
    view.children.clear();
    view.inflight.clear();
    view.status = undefined;
    view.li.setAttribute('aria-expanded', 'false');
    this.setTwisty(view, '▸');
    if (hadFocus || !this.focused?.isConnected) this.focusItem(view.li, hadFocus);
    if (this.highlighted && !this.highlighted.isConnected) this.highlighted = undefined;
    this.options.onExpandedChange(this.expandedPaths());
  }

  private setTwisty(view: NodeView, symbol: string): void {
    const twisty = view.li.querySelector(':scope > .tree-row > .twisty');
    if (twisty) twisty.textContent = symbol;
  }

  private requestPage(view: NodeView, offset: number): void {
    if (!this.responseId || view.inflight.has(offset)) return;
    const requestId = newRequestId('node');
    view.inflight.add(offset);
    const timer = setTimeout(() => {
      const pending = this.requests.get(requestId);
      if (pending) this.fail(requestId, pending, 'no answer from MX Explorer.');
    }, ANSWER_TIMEOUT_MS);
    this.requests.set(requestId, { key: view.key, offset, timer });
    if (!view.children.size) this.showStatus(view, 'Loading…');
    post({ type: 'expandNode', requestId, responseId: this.responseId, path: view.path, offset, limit: MAX_CHILDREN_PER_PAGE });
  }

  private showStatus(view: NodeView, text: string, error = false): void {
    if (!view.group) return;
    view.status ??= h('li', { class: 'tree-status', attrs: { role: 'none' } });
    view.status.textContent = text;
    view.status.classList.toggle('error', error);
    view.group.append(view.status);
  }

  /** Places new children in index order with "show more" items for the pages not loaded. */
  private layout(view: NodeView, fresh: NodeView[], reorder: boolean): void {
    const group = view.group;
    if (!group) return;
    const active = document.activeElement;
    const focusWasOnMore = active instanceof HTMLElement && group.contains(active) && active.classList.contains('tree-more');
    for (const more of [...group.querySelectorAll(':scope > .tree-more')]) more.remove();
    const sorted = [...view.children.values()].sort((a, b) => a.index - b.index);
    const toPlace = reorder ? sorted : fresh.sort((a, b) => a.index - b.index);
    for (const child of toPlace) group.insertBefore(child.li, view.status ?? null);
    if (reorder && active instanceof HTMLElement && active.isConnected && active !== document.activeElement) active.focus();
    let expected = 0;
    for (const child of sorted) {
      if (child.index > expected) group.insertBefore(this.moreItem(view, expected, child.index - expected, false), child.li);
      expected = child.index + 1;
    }
    if (view.total > expected && view.children.size) {
      group.insertBefore(this.moreItem(view, expected, view.total - expected, true), view.status ?? null);
    }
    if (focusWasOnMore) {
      const target = fresh[0]?.li ?? group.querySelector<HTMLElement>(':scope > .tree-more') ?? view.li;
      this.focusItem(target);
    }
  }

  private moreItem(view: NodeView, offset: number, count: number, tail: boolean): HTMLLIElement {
    const loading = view.inflight.has(offset);
    const label = loading
      ? 'Loading…'
      : tail
        ? `Show more (${count} remaining)`
        : `Show ${count} hidden (${offset + 1}–${offset + count})`;
    const li = h('li', {
      class: 'tree-item tree-more',
      text: label,
      attrs: { role: 'treeitem', tabindex: -1, 'aria-level': view.level + 1, 'aria-disabled': loading ? 'true' : undefined },
    });
    const activate = (): void => {
      if (view.inflight.has(offset)) return;
      this.requestPage(view, offset);
      li.textContent = 'Loading…';
      li.setAttribute('aria-disabled', 'true');
    };
    li.addEventListener('click', () => {
      this.focusItem(li);
      activate();
    });
    this.moreActions.set(li, activate);
    return li;
  }

  private advance(): void {
    this.goals = this.goals.filter((goal) => this.pursue(goal) === 'waiting');
  }

  private pursue(goal: Goal): 'done' | 'waiting' | 'dropped' {
    let view = this.views.get(pathKey([]));
    if (!view) return 'dropped';
    for (const segment of goal.path) {
      if (!expandable(view.node)) return 'dropped';
      if (!view.group) {
        this.expand(view);
        return 'waiting';
      }
      const child = this.findChild(view, segment);
      if (child) {
        view = child;
        continue;
      }
      if (view.inflight.size) return 'waiting';
      const offset = this.offsetFor(view, segment);
      if (offset === undefined) return 'dropped';
      this.requestPage(view, offset);
      return 'waiting';
    }
    if (goal.expand) this.expand(view);
    if (goal.highlight) this.highlight(view);
    return 'done';
  }

  private findChild(view: NodeView, segment: string | number): NodeView | undefined {
    if (view.node.kind === 'array' && /^\d+$/.test(String(segment))) return view.children.get(Number(segment));
    for (const child of view.children.values()) if (String(child.node.key) === String(segment)) return child;
    return undefined;
  }

  /** The page that should hold `segment`: by index in arrays, the next unloaded page in objects. */
  private offsetFor(view: NodeView, segment: string | number): number | undefined {
    if (view.node.kind === 'array' && /^\d+$/.test(String(segment))) {
      const index = Number(segment);
      return index < view.total ? index - (index % MAX_CHILDREN_PER_PAGE) : undefined;
    }
    let next = 0;
    while (view.children.has(next)) next += 1;
    return next < view.total ? next : undefined;
  }

  private highlight(view: NodeView): void {
    this.highlighted?.classList.remove('highlighted');
    this.highlighted = view.li;
    view.li.classList.add('highlighted');
    this.focusItem(view.li);
    view.li.querySelector(':scope > .tree-row')?.scrollIntoView({ block: 'center' });
  }

  private focusItem(item: HTMLElement, focus = true): void {
    if (this.focused && this.focused !== item) {
      this.focused.tabIndex = -1;
      this.setLinksTabbable(this.focused, false);
    }
    this.focused = item;
    item.tabIndex = 0;
    this.setLinksTabbable(item, true);
    if (focus) item.focus({ preventScroll: false });
  }

  private setLinksTabbable(item: HTMLElement, tabbable: boolean): void {
    for (const link of item.querySelectorAll<HTMLElement>(':scope > .tree-row .tree-link')) link.tabIndex = tabbable ? 0 : -1;
  }

  private onKey(event: KeyboardEvent): void {
    handleTreeKey(event, this.tree, {
      focus: (item) => this.focusItem(item),
      open: (item) => {
        const view = this.itemViews.get(item);
        if (!view || !expandable(view.node)) return;
        if (!view.group) this.expand(view);
        else {
          const first = view.group.querySelector<HTMLElement>(':scope > [role="treeitem"]');
          if (first) this.focusItem(first);
        }
      },
      close: (item) => {
        const view = this.itemViews.get(item);
        if (view?.group) this.collapse(view);
        else {
          const parent = item.parentElement?.closest<HTMLElement>('[role="treeitem"]');
          if (parent) this.focusItem(parent);
        }
      },
      activate: (item) => {
        const view = this.itemViews.get(item);
        if (view) this.toggle(view);
        else this.moreActions.get(item)?.();
      },
    });
  }
}

