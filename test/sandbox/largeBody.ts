// Very large but valid answers, made of the recorded showtimes repeated. Built once per size and
// kept, so a benchmark asking for 20 MB again and again measures the client, not the sandbox.
export const DEFAULT_LARGE_BODY_BYTES = 20 * 1024 * 1024;

const cache = new WeakMap<readonly string[], Map<number, Buffer>>();

export function largeJsonArray(records: readonly string[], sizeBytes: number = DEFAULT_LARGE_BODY_BYTES): Buffer {
  let bySize = cache.get(records);
  if (!bySize) cache.set(records, (bySize = new Map()));
  const cached = bySize.get(sizeBytes);
  if (cached) return cached;
  const parts: string[] = [];
  let length = 2;
  for (let i = 0; records.length > 0 && length < sizeBytes; i++) {
    const record = records[i % records.length];
    parts.push(record);
    length += record.length + 1;
  }
  const body = Buffer.from(`[${parts.join(',')}]`, 'utf8');
  bySize.set(sizeBytes, body);
  return body;
}
