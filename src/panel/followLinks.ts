// Turns ids in a response into the documented next calls, so a user can walk MX's call flow by
// clicking: chain → sites / films → showtimes → ticket types. Which kind of id a value is comes
// from the endpoint that answered (an `id` in Get Sites is a site id) or from the field's name
// (`cinemaChainId`, `siteId`, `filmId`, `showtimeId`), and, for a response of unknown origin,
// from the shape of the object holding the `id`.

import type { FollowLink, JsonPath, KnownId } from '../protocol';
import { findEndpoint } from '../mx/catalogue';
import { isPathParameter } from '../mx/requestRules';

export interface LinkContext {
  /** The catalogue endpoint that produced the response, when known. */
  readonly endpointId?: string;
  /** Its path parameters (e.g. the chain id of a ticketing call). */
  readonly params: Readonly<Record<string, string>>;
}

type Entity = 'chain' | 'site' | 'film' | 'showtime' | 'order';

/** What an `id` at the top level (single record) or in each element (list) of a response is. */
const RECORD_ENTITY: Readonly<Record<string, { entity: Entity; list: boolean }>> = {
  'get-cinema-chains': { entity: 'chain', list: true },
  'get-cinema-chain': { entity: 'chain', list: false },
  'get-sites-for-cinema-chain': { entity: 'site', list: true },
  'get-site': { entity: 'site', list: false },
  'get-films-for-cinema-chain': { entity: 'film', list: true },
  'get-film': { entity: 'film', list: false },
  'get-showtimes-for-site': { entity: 'showtime', list: true },
  'get-showtimes-with-ticket-types-for-site': { entity: 'showtime', list: true },
  'get-showtime': { entity: 'showtime', list: false },
  'create-order': { entity: 'order', list: false },
  'get-order': { entity: 'order', list: false },
};

const FIELD_ENTITY: Readonly<Record<string, Entity>> = {
  cinemaChainId: 'chain',
  siteId: 'site',
  filmId: 'film',
  showtimeId: 'showtime',
};

/**
 * The next calls a value leads to. `path` is the value's full path in the response (it ends with
 * `key`), `parent` the object or array holding it. Only string values that are valid path
 * parameters give links; a link that would repeat the request that produced the response is left out.
 */
export function linksFor(
  context: LinkContext,
  path: JsonPath,
  key: string | number,
  value: unknown,
  parent?: unknown,
): FollowLink[] {
  if (typeof value !== 'string' || !isPathParameter(value)) {
    return [];
  }
  const holder = isRecord(parent) ? parent : undefined;
  const entity = entityOf(context, path, key, holder);
  if (entity === undefined) {
    return [];
  }
  const params = isRecord(context?.params) ? context.params : {};
  const chainId = stringField(holder, 'cinemaChainId') ?? validParam(params, 'cinemaChainId');
  const links: FollowLink[] = [];
  const add = (endpointId: string, parameters: Record<string, string>): void => {
    const endpoint = findEndpoint(endpointId);
    if (!endpoint || sameRequest(context, endpointId, parameters)) {
      return;
    }
    links.push({ endpointId, title: endpoint.title, parameters });
  };
  switch (entity) {
    case 'chain':
      add('get-sites-for-cinema-chain', { cinemaChainId: value });
      add('get-films-for-cinema-chain', { cinemaChainId: value });
      break;
    case 'site':
      add('get-site', { siteId: value });
      add('get-showtimes-with-ticket-types-for-site', { siteId: value });
      add('get-showtimes-for-site', { siteId: value });
      break;
    case 'film':
      add('get-film', { filmId: value });
      break;
    case 'showtime':
      add('get-showtime', { showtimeId: value });
      if (chainId !== undefined) {
        add('get-ticket-types-for-showtime', { cinemaChainId: chainId, showtimeId: value });
      }
      break;
    case 'order':
      if (chainId !== undefined) {
        add('get-order', { cinemaChainId: chainId, orderId: value });
      }
      break;
  }
  return links;
}

function entityOf(
  context: LinkContext,
  path: JsonPath,
  key: string | number,
  holder: Record<string, unknown> | undefined,
): Entity | undefined {
  if (typeof key !== 'string') {
    return undefined;
  }
  if (key !== 'id') {
    return Object.prototype.hasOwnProperty.call(FIELD_ENTITY, key) ? FIELD_ENTITY[key] : undefined;
  }
  const endpointId = typeof context?.endpointId === 'string' ? context.endpointId : undefined;
  const known = endpointId !== undefined && Object.prototype.hasOwnProperty.call(RECORD_ENTITY, endpointId) ? RECORD_ENTITY[endpointId] : undefined;
  if (known) {
    const isRecordId = known.list
      ? Array.isArray(path) && path.length === 2 && typeof path[0] === 'number' && path[1] === 'id'
      : Array.isArray(path) && path.length === 1 && path[0] === 'id';
    return isRecordId ? known.entity : undefined;
  }
  if (endpointId !== undefined && findEndpoint(endpointId) !== undefined) {
    // A catalogue endpoint whose ids lead nowhere (ticket types, seat layouts).
    return undefined;
  }
  return holder ? entityByShape(holder) : undefined;
}

/** Recognises the record shapes recorded from MX staging (test/sandbox/fixtures) when the endpoint is unknown. */
function entityByShape(record: Record<string, unknown>): Entity | undefined {
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(record, name);
  if (has('startTime') && has('siteId') && has('filmId')) {
    return 'showtime';
  }
  if (has('timeZone') && has('cinemaChainId')) {
    return 'site';
  }
  if (has('configuration') && has('name') && !has('cinemaChainId')) {
    return 'chain';
  }
  if (has('title') && (has('runtime') || has('releaseDate') || has('plot') || has('mxfReleaseId'))) {
    return 'film';
  }
  return undefined;
}

function sameRequest(context: LinkContext, endpointId: string, parameters: Record<string, string>): boolean {
  if (context?.endpointId !== endpointId || !isRecord(context.params)) {
    return false;
  }
  return Object.entries(parameters).every(([name, value]) => {
    const current = Object.prototype.hasOwnProperty.call(context.params, name) ? context.params[name] : undefined;
    return typeof current === 'string' && current.toLowerCase() === value.toLowerCase();
  });
}

function stringField(record: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!record || !Object.prototype.hasOwnProperty.call(record, name)) {
    return undefined;
  }
  const value = record[name];
  return isPathParameter(value) ? value : undefined;
}

function validParam(params: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
  return isPathParameter(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path parameter each kind of record's id fills. */
const ENTITY_PARAMETER: Readonly<Record<Entity, string>> = {
  chain: 'cinemaChainId',
  site: 'siteId',
  film: 'filmId',
  showtime: 'showtimeId',
  order: 'orderId',
};

/** Records looked at for ids, at most: the first screenful of a list is what a user picks from. */
export const MAX_IDS = 200;

/**
 * The ids of the records an answer lists (or is), with a name to recognise them by, for the
 * parameter forms: chains, sites and films by name or title, showtimes by start time. Reads at most
 * MAX_IDS records, whatever the answer's size.
 */
export function idsIn(context: LinkContext, body: unknown): KnownId[] {
  const endpointId = typeof context?.endpointId === 'string' ? context.endpointId : undefined;
  const known = endpointId !== undefined && Object.prototype.hasOwnProperty.call(RECORD_ENTITY, endpointId) ? RECORD_ENTITY[endpointId] : undefined;
  if (!known) return [];
  const records = known.list ? (Array.isArray(body) ? body.slice(0, MAX_IDS) : []) : [body];
  const parameter = ENTITY_PARAMETER[known.entity];
  const ids: KnownId[] = [];
  for (const record of records) {
    if (!isRecord(record)) continue;
    const id = stringField(record, 'id');
    if (id === undefined) continue;
    const label = [record.name, record.title, record.startTime, record.description].find((v): v is string => typeof v === 'string' && v !== '');
    ids.push({ parameter, value: id, label: label === undefined ? '' : label.slice(0, 80) });
  }
  return ids;
}
