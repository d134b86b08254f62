// MX client IDs: any string that names the integrating application, at most 50 characters
// (counted as characters, not UTF-16 units, after trimming).
export const MAX_CLIENT_ID_LENGTH = 50;

export function clientIdLength(value: string): number {
  return [...value.trim()].length;
}
