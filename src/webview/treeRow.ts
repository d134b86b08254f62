// One row of the JSON tree: twisty, key, the value (scalars whole, never cut by their links), and
// for objects and arrays an inline preview of what they hold (shown while collapsed) and their size.
import type { JsonNode } from '../protocol';
import { h } from './dom';

export const expandable = (node: JsonNode): boolean =>
  (node.kind === 'object' || node.kind === 'array') && (node.childCount === undefined || node.childCount > 0);

/** `4 keys`, `1 item`: what a container holds. */
export function sizeText(node: JsonNode): string {
  const count = node.childCount ?? 0;
  return node.kind === 'array' ? `${count} ${count === 1 ? 'item' : 'items'}` : `${count} ${count === 1 ? 'key' : 'keys'}`;
}

export function treeRow(node: JsonNode, keyText: string, linkButton: HTMLElement | null): HTMLElement {
  const container = node.kind === 'object' || node.kind === 'array';
  const value = !container
    ? h('span', { class: `tree-value kind-${node.kind}`, text: node.preview })
    : node.childCount
      ? h(
          'span',
          { class: `tree-value kind-${node.kind}` },
          node.inline ? h('span', { class: 'tree-inline', text: node.inline }) : null,
          h('span', { class: 'tree-size', text: sizeText(node) }),
        )
      : h('span', { class: `tree-value kind-${node.kind}`, text: node.kind === 'array' ? '[]' : '{}' });
  return h(
    'div',
    { class: 'tree-row' },
    h('span', { class: 'twisty', text: expandable(node) ? '▸' : '', attrs: { 'aria-hidden': 'true' } }),
    keyText ? h('span', { class: typeof node.key === 'number' ? 'tree-key tree-index' : 'tree-key', text: keyText }) : null,
    keyText ? h('span', { class: 'tree-colon', text: ':' }) : null,
    value,
    linkButton,
  );
}
