// Colours for the Raw view's JSON (keys, strings, numbers, literals, punctuation), as text nodes and
// spans: the body is untrusted, so nothing of it ever becomes markup. The host sends at most
// RAW_PREVIEW_CHARS of it, so one pass here is cheap; runs of plain text are merged into one node.

const TOKEN = /"(?:[^"\\\n]|\\.)*"?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b/g;

export function highlightJson(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let plainFrom = 0;
  const span = (cls: string, value: string): void => {
    const el = document.createElement('span');
    el.className = cls;
    el.textContent = value;
    fragment.append(el);
  };
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const token = match[0];
    const start = match.index;
    if (start > plainFrom) fragment.append(text.slice(plainFrom, start));
    if (token.startsWith('"')) {
      // a key is a string followed by a colon
      let next = start + token.length;
      while (text[next] === ' ') next++;
      span(text[next] === ':' ? 'json-key' : 'json-string', token);
    } else if (token === 'true' || token === 'false') span('json-boolean', token);
    else if (token === 'null') span('json-null', token);
    else span('json-number', token);
    plainFrom = start + token.length;
  }
  if (plainFrom < text.length) fragment.append(text.slice(plainFrom));
  return fragment;
}
