// The catalogue's descriptions are written in Markdown (`code`, **bold**); shown as such, not with
// literal backticks. Only these two inline forms exist there; everything else stays text, and
// nothing of it ever becomes markup (spans and text nodes only).
const INLINE = /`([^`\n]+)`|\*\*([^*\n]+)\*\*/g;

export function inlineMarkdown(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let from = 0;
  INLINE.lastIndex = 0;
  for (let match = INLINE.exec(text); match; match = INLINE.exec(text)) {
    if (match.index > from) fragment.append(text.slice(from, match.index));
    const element = document.createElement(match[1] !== undefined ? 'code' : 'strong');
    element.textContent = match[1] ?? match[2];
    fragment.append(element);
    from = match.index + match[0].length;
  }
  if (from < text.length) fragment.append(text.slice(from));
  return fragment;
}

/** The same text for a tooltip: the marks dropped. */
export function plainMarkdown(text: string): string {
  return text.replace(INLINE, (_all, code: string | undefined, bold: string | undefined) => code ?? bold ?? '');
}
