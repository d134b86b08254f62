// The credential headers, the one list every rule about them reads (requestRules.ts re-exports it
// for the webview). Apart so that redaction, loaded at start-up, needs nothing else of the rules.

/** The headers that carry the session's credentials; MX Explorer adds both to every API request. */
export const AUTHORIZATION_HEADER = 'Authorization';
export const CLIENT_SECRET_HEADER = 'MX-Api-Client-Secret';
// Proxy-Authorization carries credentials too: never taken from a user, never exported or kept.
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([AUTHORIZATION_HEADER, CLIENT_SECRET_HEADER, 'Proxy-Authorization'].map((name) => name.toLowerCase()));

/** True for a header whose value is a credential: a user may not set it, and it is never shown, logged, exported or kept. */
export function isCredentialHeader(name: string): boolean {
  return typeof name === 'string' && CREDENTIAL_HEADERS.has(name.trim().toLowerCase());
}
