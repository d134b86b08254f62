// What a tool call may do and when the user is asked first. mx_send_request reaches only documented
// MX endpoints (the catalogue), with every path parameter a plain id. A call that changes state (any
// non-GET: orders, customer details, items, seat holds) and any call on a Production profile asks
// the user; mx_explain_error never sends anything and never asks. vscode-free.
import { CATALOGUE_ENDPOINTS, fillPath, matchEndpoint } from '../mx/catalogue';
import type { CatalogueEndpoint } from '../mx/catalogueTypes';
import type { SendRequestInput } from './toolInputs';
import type { ToolName } from './toolSchemas';

const MX_PATH = /^\/mx[st]\//i;

export type DocumentedRequest =
  | { readonly ok: true; readonly endpoint: CatalogueEndpoint; readonly path: string }
  | { readonly ok: false; readonly reason: string };

/** The catalogue endpoint an mx_send_request addresses, or why it is not a documented MX call. */
export function documentedRequest(input: Pick<SendRequestInput, 'method' | 'path'>): DocumentedRequest {
  const path = input.path;
  if (!MX_PATH.test(path) || /[?#\s\\]/.test(path) || path.includes('//')) {
    return { ok: false, reason: `mx_send_request takes a documented MX path starting /mxs/ or /mxt/, without host, query string or fragment (query parameters go in "query"). ${documentedList()}` };
  }
  const match = matchEndpoint(input.method, path);
  if (!match) {
    return { ok: false, reason: `${input.method} ${path.slice(0, 120)} is not a documented MX endpoint. ${documentedList()}` };
  }
  const missing = match.endpoint.parameters.find((p) => !Object.prototype.hasOwnProperty.call(match.params, p.name));
  if (missing) {
    return { ok: false, reason: `${missing.name} in the path must be a real id (letters, digits, . _ ~ -), not a placeholder.` };
  }
  // matchEndpoint allows a gateway prefix and encoded ids; here the path must be the documented path itself.
  const filled = fillPath(match.endpoint, match.params);
  if (!filled.ok || filled.path.toLowerCase() !== path.replace(/\/$/, '').toLowerCase()) {
    return { ok: false, reason: `${input.method} ${path.slice(0, 120)} is not exactly a documented MX path. ${documentedList()}` };
  }
  return { ok: true, endpoint: match.endpoint, path: filled.path };
}

function documentedList(): string {
  return `Documented endpoints: ${CATALOGUE_ENDPOINTS.map((e) => `${e.method} ${e.path}`).join('; ')}.`;
}

export interface ProfileFacts {
  readonly environmentName: string;
  readonly production: boolean;
}

export interface Confirmation {
  readonly title: string;
  readonly message: string;
}

/** Whether the call changes state in MX or a cinema's system. */
export function changesState(name: ToolName, input: unknown): boolean {
  if (name !== 'mx_send_request') return false;
  const request = input as Partial<SendRequestInput> | undefined;
  const method = typeof request?.method === 'string' ? request.method.toUpperCase() : 'GET';
  if (method !== 'GET') return true;
  const match = typeof request?.path === 'string' ? matchEndpoint(method, request.path) : undefined;
  return match?.endpoint.holdsSeats === true;
}

/** Whether the tool sends anything to MX at all. */
export function sendsToMx(name: ToolName): boolean {
  return name !== 'mx_explain_error';
}

/** The question to ask before the call, or undefined when it may run without asking. */
export function confirmationFor(name: ToolName, input: unknown, profile: ProfileFacts | undefined): Confirmation | undefined {
  if (!sendsToMx(name) || !profile) return undefined;
  const state = changesState(name, input);
  if (!state && !profile.production) return undefined;
  const request = name === 'mx_send_request' ? describeSend(input) : undefined;
  const where = profile.production ? `your Production MX profile (${profile.environmentName})` : `MX (${profile.environmentName})`;
  if (state) {
    return {
      title: profile.production ? 'Change real data on MX Production?' : 'Change data on MX?',
      message: `${request ?? name} would act on real orders or seats in the cinema's ticketing system, on ${where}, as you. Send it?`,
    };
  }
  return {
    title: 'Call MX Production?',
    message: `${request ?? name} would read data from ${where}, as you, and put a summary of the answer into the chat's context. Send it?`,
  };
}

function describeSend(input: unknown): string {
  const request = input as Partial<SendRequestInput> | undefined;
  const method = typeof request?.method === 'string' ? request.method.toUpperCase().slice(0, 10) : '?';
  const path = typeof request?.path === 'string' ? request.path.slice(0, 200) : '?';
  return `${method} ${path}`;
}

/**
 * Whether MX Explorer asks itself before a call that needs `ask`: always outside a chat (no chat UI
 * may have asked), and in a chat when the question differs from the one the chat asked at
 * prepareInvocation (`askedInChat`; what would be sent changed in between, e.g. an edited file).
 */
export function mustAskOurselves(ask: Confirmation | undefined, inChat: boolean, askedInChat: string | undefined): boolean {
  if (!ask) return false;
  return !inChat || askedInChat !== ask.message;
}
