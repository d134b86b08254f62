// The MX API paths the sandbox answers: the endpoints of src/mx/catalogue.ts, except adding items
// to an order. Paths match case-insensitively and ids are compared lower-cased, as ASP.NET routing
// and GUID parsing do; anything else is MX's empty 404.
import { IncomingRequest, Reply, emptyReply, jsonReply } from './http';
import { chainNotFound, notFound, siteNotFound } from './mxErrors';
import type { MxData } from './fixtures';
import { RawRecord, joinRaw } from './rawJson';
import type { Ticketing } from './ticketing';

type Handler = (ids: string[], request: IncomingRequest) => Reply;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: Handler;
}

const REF = '/mxs/reference-data/v1';
const TICKETING = '/mxt/ticketing/v1';
const SEATING = '/mxt/seating/v1';
const ID = '([^/]+)';

function route(method: string, path: string, handle: Handler): Route {
  return { method, pattern: new RegExp(`^${path}$`, 'i'), handle };
}

function decodeId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function list(records: readonly RawRecord<unknown>[] | undefined): Reply {
  return jsonReply(200, joinRaw(records ?? []));
}

function one(record: RawRecord<unknown> | undefined, otherwise: () => Reply): Reply {
  return record ? jsonReply(200, record.raw) : otherwise();
}

export class ApiRoutes {
  private readonly routes: Route[];

  constructor(
    private readonly data: MxData,
    ticketing: Ticketing,
  ) {
    const d = data;
    const chain = (id: string, then: () => Reply) => (d.chainById.has(id.toLowerCase()) ? then() : chainNotFound(d, id));
    const site = (id: string, then: () => Reply) => (d.siteById.has(id.toLowerCase()) ? then() : siteNotFound(d, id));
    const key = (id: string) => id.toLowerCase();
    this.routes = [
      route('GET', `${REF}/cinema-chains`, () => list(d.chains)),
      route('GET', `${REF}/cinema-chains/${ID}`, ([c]) => one(d.chainById.get(key(c)), () => chainNotFound(d, c))),
      route('GET', `${REF}/cinema-chains/${ID}/sites`, ([c]) => chain(c, () => list(d.sitesByChain.get(key(c))))),
      route('GET', `${REF}/sites/${ID}`, ([s]) => one(d.siteById.get(key(s)), () => siteNotFound(d, s))),
      route('GET', `${REF}/cinema-chains/${ID}/films`, ([c]) => chain(c, () => list(d.filmsByChain.get(key(c))))),
      route('GET', `${REF}/films/${ID}`, ([f]) => one(d.filmById.get(key(f)), notFound)),
      route('GET', `${REF}/sites/${ID}/showtimes`, ([s]) => site(s, () => list(d.showtimesBySite.get(key(s))))),
      // The recording sent `?from=&to`; undocumented, so the sandbox accepts and ignores them.
      route('GET', `${REF}/sites/${ID}/showtimes-with-ticket-types`, ([s]) =>
        site(s, () => list(d.showtimesWithTicketTypesBySite.get(key(s)))),
      ),
      route('GET', `${REF}/showtimes/${ID}`, ([s]) => one(d.showtimeById.get(key(s)), notFound)),
      route('GET', `${REF}/cinema-chains/${ID}/showtimes/${ID}/ticket-types`, ([c, s]) => chain(c, () => this.ticketTypes(c, s))),
      route('POST', `${TICKETING}/cinema-chains/${ID}/orders`, ([c], r) => chain(c, () => ticketing.createOrder(c, r.body))),
      route('GET', `${TICKETING}/cinema-chains/${ID}/orders/${ID}`, ([c, o]) => chain(c, () => ticketing.getOrder(c, o))),
      route('POST', `${TICKETING}/cinema-chains/${ID}/orders/${ID}/customer`, ([c], r) => chain(c, () => ticketing.setCustomer(r.body))),
      route('GET', `${SEATING}/cinema-chains/${ID}/showtimes/${ID}/seats`, ([c, s]) => chain(c, () => ticketing.seats(c, s))),
    ];
  }

  /** MX documents a 404 here as "no ticket types on sale", so unknown and sold-out look alike. */
  private ticketTypes(chainId: string, showtimeId: string): Reply {
    const showtime = this.data.showtimeById.get(showtimeId.toLowerCase())?.value;
    const types = this.data.ticketTypesByShowtime.get(showtimeId.toLowerCase());
    if (!showtime || showtime.cinemaChainId.toLowerCase() !== chainId.toLowerCase() || !types?.length) return notFound();
    return list(types);
  }

  handle(request: IncomingRequest): Reply {
    const path = request.path.length > 1 ? request.path.replace(/\/$/, '') : request.path;
    const allowed: string[] = [];
    for (const r of this.routes) {
      const match = r.pattern.exec(path);
      if (!match) continue;
      if (r.method === request.method) return r.handle(match.slice(1).map(decodeId), request);
      allowed.push(r.method);
    }
    return allowed.length > 0 ? emptyReply(405, { Allow: allowed.join(', ') }) : notFound();
  }
}
