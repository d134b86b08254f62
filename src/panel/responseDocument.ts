// What "Open in Editor" names a response body's document: after what was requested, so a tab reads
// `cinema-chains.json` or `sites.json`, not `Untitled-1`. An id at the end is shortened
// (`showtime-83bf2953.json`): the full one is in the panel and the document.
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^\d+$/i;

export function responseDocumentName(url: string, isJson: boolean): string {
  let path = '';
  try {
    path = new URL(url, 'https://mx.invalid').pathname;
  } catch {
    path = '';
  }
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  let name = segments.at(-1) ?? '';
  if (ID.test(name)) {
    const parent = segments.at(-2) ?? 'response';
    name = `${parent.replace(/s$/, '')}-${name.slice(0, 8)}`;
  }
  name = name.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'response';
  return `${name}.${isJson ? 'json' : 'txt'}`;
}
