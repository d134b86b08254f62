// The keys of a WAI-ARIA tree (roving tabindex): arrows move, Right opens or enters, Left closes or
// goes to the parent, Home/End jump, Enter/Space activate. A focused link inside a row keeps its
// own keys except Up/Down.

export interface TreeKeyActions {
  focus(item: HTMLElement): void;
  open(item: HTMLElement): void;
  close(item: HTMLElement): void;
  activate(item: HTMLElement): void;
}

export function handleTreeKey(event: KeyboardEvent, tree: HTMLElement, actions: TreeKeyActions): void {
  const target = event.target as HTMLElement;
  const item = target.closest<HTMLElement>('[role="treeitem"]');
  if (!item) return;
  if (target !== item && !['ArrowUp', 'ArrowDown'].includes(event.key)) return;
  const items = [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')];
  const position = items.indexOf(item);
  const move = (to: HTMLElement | undefined): void => {
    if (to) actions.focus(to);
  };
  switch (event.key) {
    case 'ArrowDown':
      move(items[position + 1]);
      break;
    case 'ArrowUp':
      if (position > 0) move(items[position - 1]);
      break;
    case 'Home':
      move(items[0]);
      break;
    case 'End':
      move(items[items.length - 1]);
      break;
    case 'ArrowRight':
      actions.open(item);
      break;
    case 'ArrowLeft':
      actions.close(item);
      break;
    case 'Enter':
    case ' ':
      actions.activate(item);
      break;
    default:
      return;
  }
  event.preventDefault();
}
