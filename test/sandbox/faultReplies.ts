// What a fault sends instead of the normal answer. Faults that only change how an answer is
// delivered (delay, reset, slowBody) are the server's business, not this file's.
import type { SandboxFault } from './types';
import { JSON_UTF8, Reply, emptyReply } from './http';
import { mxErrorForStatus } from './mxErrors';
import { oauthReply } from './tokenEndpoint';
import { largeJsonArray } from './largeBody';
import { hostileReply } from './hostileBody';

export interface FaultMaterial {
  /** Recorded showtimes (with ticket types), raw. */
  readonly showtimes: readonly string[];
  readonly normal: () => Reply;
}

function statusReply(fault: SandboxFault, target: 'auth' | 'api'): Reply {
  const status = fault.status ?? 500;
  const retryAfter: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
  const description = `MX sandbox fault: HTTP ${status}.`;
  const base =
    target === 'api'
      ? mxErrorForStatus(status, description)
      : oauthReply(status, {
          error: status === 503 ? 'temporarily_unavailable' : status >= 500 ? 'server_error' : 'invalid_request',
          error_description: description,
        });
  return { ...base, headers: { ...base.headers, ...retryAfter } };
}

function htmlPage(status: number): string {
  const title = `${status} ${status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}

function truncated(material: FaultMaterial): string {
  const normal = material.normal();
  const text = normal.status === 200 && normal.body.length > 2 ? normal.body.toString() : `[${material.showtimes.slice(0, 3).join(',')}]`;
  return text.slice(0, Math.floor(text.length / 2));
}

/** The replacement answer, or undefined when the fault keeps the normal answer. */
export function faultReply(fault: SandboxFault, target: 'auth' | 'api', material: FaultMaterial): Reply | undefined {
  switch (fault.kind) {
    case 'status':
      return statusReply(fault, target);
    case 'malformedJson':
      return { status: 200, headers: { 'Content-Type': JSON_UTF8 }, body: `{"id":"sandbox-malformed", 'startTime': 2021-04-26T20:35:00, }` };
    case 'truncatedJson':
      return { status: 200, headers: { 'Content-Type': JSON_UTF8 }, body: truncated(material) };
    case 'html':
      return { status: fault.status ?? 502, headers: { 'Content-Type': 'text/html' }, body: htmlPage(fault.status ?? 502) };
    case 'emptyBody':
      return emptyReply(fault.status ?? 404);
    case 'largeBody':
      return { status: 200, headers: { 'Content-Type': JSON_UTF8 }, body: largeJsonArray(material.showtimes, fault.sizeBytes) };
    case 'hostileJson':
      return hostileReply(material.normal());
    default:
      return undefined;
  }
}
