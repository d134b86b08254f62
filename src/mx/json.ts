// JSON from the network or the keyring: a byte-order mark is tolerated (some .NET services send
// one) and a parse failure is a value, not an exception.

export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The value as a plain JSON object (not an array, not null), or undefined. */
export function asJsonObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Text that must hold a JSON object; anything else is undefined. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const parsed = parseJson(text);
  return parsed.ok ? asJsonObject(parsed.value) : undefined;
}
