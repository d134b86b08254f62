// The User-Agent every MX request carries, set once at activation. Kept apart from the transport
// (http.ts) so that activation can set it without loading the transport.

let userAgent = 'MX-Explorer';

/**
 * The User-Agent naming both versions (`MX-Explorer/0.1.0 VSCode/1.95.3`), so that MX can tell
 * which client called; characters that have no place in a product token are dropped.
 */
export function userAgentFor(extensionVersion: string, hostVersion: string): string {
  const token = (text: string): string => text.replace(/[^\w.+-]/g, '').slice(0, 40) || 'unknown';
  return `MX-Explorer/${token(extensionVersion)} VSCode/${token(hostVersion)}`;
}

/** Set once, at activation, for every request that follows. */
export function setUserAgent(value: string): void {
  userAgent = value;
}

/** What goes in User-Agent unless the caller gives its own. */
export function currentUserAgent(): string {
  return userAgent;
}
