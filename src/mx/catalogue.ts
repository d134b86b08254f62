// The MX endpoints whose paths we know (from apidocs.moviexchange.com/reference and the recorded
// staging traffic in test/sandbox/fixtures), as the request panel offers them. Filling and
// recognising their paths follows requestRules.ts, which the webview shares: ids end up inside a
// URL that carries the user's credentials, so each one must be a single harmless path segment.

import type { CatalogueEndpoint, CatalogueGroup, CatalogueParameter } from './catalogueTypes';
import { fillTemplate, findTemplate, type TemplateMatch } from './requestRules';

const REFERENCE_DATA = '/mxs/reference-data/v1';
const TICKETING = '/mxt/ticketing/v1';
const SEATING = '/mxt/seating/v1';

export const REFERENCE_DATA_GROUP = 'Reference data (MX Showtimes)';
export const TICKETING_GROUP = 'Ticketing (MX Tickets)';
export const SEATING_GROUP = 'Seating (MX Tickets)';

const P = {
  cinemaChainId: {
    name: 'cinemaChainId',
    description: 'Id of a cinema chain (the `id` of an entry from Get Cinema Chains), e.g. d90b9017-1abd-e711-80c2-000d3ad0511b.',
  },
  siteId: {
    name: 'siteId',
    description: 'Id of a site (the `id` of an entry from Get Sites for a Cinema Chain).',
  },
  filmId: {
    name: 'filmId',
    description: 'Id of a film (the `id` of an entry from Get Films for a Cinema Chain, or a showtime\'s `filmId`).',
  },
  showtimeId: {
    name: 'showtimeId',
    description: 'Id of a showtime (the `id` of an entry from Get Showtimes for a Site).',
  },
  orderId: {
    name: 'orderId',
    description: 'Id of an order (the `id` returned by Create Order).',
  },
} satisfies Record<string, CatalogueParameter>;

const CREATE_ORDER_BODY = `{
  "ticketTypes": [
    {
      "showtimeId": "<showtime id>",
      "id": "<ticket type id, e.g. 0001>",
      "quantity": 1
    }
  ]
}`;

const CUSTOMER_BODY = `{
  "name": "Bob Smith",
  "email": "bob@example.com",
  "phone": "555-5555",
  "loyalty": null
}`;

const ADD_ITEMS_BODY = `{
  "items": [
    {
      "id": "<item id>",
      "quantity": 1,
      "modifiers": []
    }
  ]
}`;

/** An endpoint as written below: its group comes from where it stands, `holdsSeats` defaults to false. */
type EndpointSpec = Omit<CatalogueEndpoint, 'group' | 'holdsSeats'> & { readonly holdsSeats?: boolean };

function group(name: string, description: string, specs: readonly EndpointSpec[]): CatalogueGroup {
  return Object.freeze({
    name,
    description,
    endpoints: Object.freeze(
      specs.map((spec) =>
        Object.freeze({
          id: spec.id,
          group: name,
          title: spec.title,
          description: spec.description,
          method: spec.method,
          path: spec.path,
          parameters: Object.freeze([...spec.parameters]),
          ...(spec.bodyTemplate !== undefined ? { bodyTemplate: spec.bodyTemplate } : {}),
          holdsSeats: spec.holdsSeats ?? false,
        }),
      ),
    ),
  });
}

const CACHING_NOTE =
  'Reference data is safe to cache for 30–60 minutes; MX asks that it not be fetched in real time in response to user interaction.';

export const CATALOGUE: readonly CatalogueGroup[] = Object.freeze([
  group(
    REFERENCE_DATA_GROUP,
    `Cinema chains, sites, films, showtimes and ticket types (${REFERENCE_DATA}, licence "MX Showtimes"). Documented call flow: Get Cinema Chains → Get Sites for a Cinema Chain → Get Films for a Cinema Chain → Get Showtimes for a Site Including Ticket Types. ${CACHING_NOTE}`,
    [
      {
        id: 'get-cinema-chains',
        title: 'Get Cinema Chains',
        description:
          'The cinema chains available to your account, with their configuration (items, refunds, loyalty, booking edits, ticketing). Each chain covers one country (`countryCode`).',
        method: 'GET',
        path: `${REFERENCE_DATA}/cinema-chains`,
        parameters: [],
      },
      {
        id: 'get-cinema-chain',
        title: 'Get Cinema Chain',
        description: 'One cinema chain. An unknown id answers 404 with MX error 40001 ("The requested cinema chain cannot be found.").',
        method: 'GET',
        path: `${REFERENCE_DATA}/cinema-chains/{cinemaChainId}`,
        parameters: [P.cinemaChainId],
      },
      {
        id: 'get-sites-for-cinema-chain',
        title: 'Get Sites for a Cinema Chain',
        description:
          'The sites (cinemas) of a chain, with address, location and time zone (`timeZone.ianaName`): showtimes\' `startTime` is in the site\'s local time.',
        method: 'GET',
        path: `${REFERENCE_DATA}/cinema-chains/{cinemaChainId}/sites`,
        parameters: [P.cinemaChainId],
      },
      {
        id: 'get-site',
        title: 'Get Site',
        description: 'One site. An unknown id answers MX error 40002 ("The specified site cannot be found."), recorded with status 400.',
        method: 'GET',
        path: `${REFERENCE_DATA}/sites/{siteId}`,
        parameters: [P.siteId],
      },
      {
        id: 'get-films-for-cinema-chain',
        title: 'Get Films for a Cinema Chain',
        description:
          'The films of a chain, in one unpaged list (hundreds of films are normal). `mxfReleaseId` is the key for the MX Film API and may be absent for cinema-chain-only films.',
        method: 'GET',
        path: `${REFERENCE_DATA}/cinema-chains/{cinemaChainId}/films`,
        parameters: [P.cinemaChainId],
      },
      {
        id: 'get-film',
        title: 'Get Film',
        description: 'One film. Note the plural `films` in the path: `/film/{id}` answers an empty 404.',
        method: 'GET',
        path: `${REFERENCE_DATA}/films/{filmId}`,
        parameters: [P.filmId],
      },
      {
        id: 'get-showtimes-for-site',
        title: 'Get Showtimes for a Site',
        description:
          'The showtimes of a site, in one unpaged list. `startTime` is site-local; `startTimeUtc` is UTC even without a trailing Z. `seatsAvailable` appears only if your account is configured for it, and is approximate as of `lastUpdatedUtc`.',
        method: 'GET',
        path: `${REFERENCE_DATA}/sites/{siteId}/showtimes`,
        parameters: [P.siteId],
      },
      {
        id: 'get-showtimes-with-ticket-types-for-site',
        title: 'Get Showtimes for a Site Including Ticket Types',
        description:
          'The showtimes of a site, each with its `ticketTypes` and `lastUpdatedTicketTypesUtc`. The last step of the documented call flow. No from/to filter parameters are documented.',
        method: 'GET',
        path: `${REFERENCE_DATA}/sites/{siteId}/showtimes-with-ticket-types`,
        parameters: [P.siteId],
      },
      {
        id: 'get-showtime',
        title: 'Get Showtime',
        description: 'One showtime. An unknown id answers 404 with an empty body.',
        method: 'GET',
        path: `${REFERENCE_DATA}/showtimes/{showtimeId}`,
        parameters: [P.showtimeId],
      },
      {
        id: 'get-ticket-types-for-showtime',
        title: 'Get Ticket Types for a Showtime',
        description:
          'The ticket types on sale for a showtime (needs MX Showtimes and MX Tickets). A 404 here means no ticket types are on sale, not an error. Voucher ticket types are omitted.',
        method: 'GET',
        path: `${REFERENCE_DATA}/cinema-chains/{cinemaChainId}/showtimes/{showtimeId}/ticket-types`,
        parameters: [P.cinemaChainId, P.showtimeId],
      },
    ],
  ),
  group(
    TICKETING_GROUP,
    `Orders (${TICKETING}, licence "MX Tickets"; items also need "MX Items"). These calls act on real orders and create real holds in the cinema's ticketing system, staging included.`,
    [
      {
        id: 'create-order',
        title: 'Create Order',
        description:
          'Creates an order holding tickets (`ticketTypes`: showtime id, ticket type id, quantity) and optionally items (`items`: id, quantity, modifiers). Creates a real hold on seats in the cinema\'s system. MX error 41002 means the seats could not be allocated in a single row. The answer has the order `id`, `totalPrice`, `bookingFee`, `expirationTimeUtc` and the allocated seats.',
        method: 'POST',
        path: `${TICKETING}/cinema-chains/{cinemaChainId}/orders`,
        parameters: [P.cinemaChainId],
        bodyTemplate: CREATE_ORDER_BODY,
        holdsSeats: true,
      },
      {
        id: 'get-order',
        title: 'Get Order',
        description: 'One order of a chain: tickets, seats, prices and when its hold expires (`expirationTimeUtc`).',
        method: 'GET',
        path: `${TICKETING}/cinema-chains/{cinemaChainId}/orders/{orderId}`,
        parameters: [P.cinemaChainId, P.orderId],
      },
      {
        id: 'set-customer-details',
        title: 'Set Customer Details',
        description: 'Sets the customer of an order (name, email, phone, loyalty). Answers 204 with no body. Acts on a real order.',
        method: 'POST',
        path: `${TICKETING}/cinema-chains/{cinemaChainId}/orders/{orderId}/customer`,
        parameters: [P.cinemaChainId, P.orderId],
        bodyTemplate: CUSTOMER_BODY,
        holdsSeats: true,
      },
      {
        id: 'add-items-to-order',
        title: 'Add Items to an Order',
        description:
          'Adds concession items to an order (needs "MX Items"). The body shape is inferred from Create Order\'s `items`; it was not recorded. Acts on a real order.',
        method: 'POST',
        path: `${TICKETING}/cinema-chains/{cinemaChainId}/orders/{orderId}/items`,
        parameters: [P.cinemaChainId, P.orderId],
        bodyTemplate: ADD_ITEMS_BODY,
        holdsSeats: true,
      },
    ],
  ),
  group(SEATING_GROUP, `Screen layouts and seat statuses (${SEATING}, licence "MX Tickets").`, [
    {
      id: 'get-screen-layout-for-showtime',
      title: 'Get Screen Layout for Showtime',
      description:
        'The screen layout and seat statuses of a showtime. MX warns that excessive usage of this endpoint must be avoided: call it when a user is choosing seats, not on a schedule.',
      method: 'GET',
      path: `${SEATING}/cinema-chains/{cinemaChainId}/showtimes/{showtimeId}/seats`,
      parameters: [P.cinemaChainId, P.showtimeId],
    },
  ]),
]);

export const CATALOGUE_ENDPOINTS: readonly CatalogueEndpoint[] = Object.freeze(CATALOGUE.flatMap((g) => g.endpoints));

const BY_ID = new Map(CATALOGUE_ENDPOINTS.map((endpoint) => [endpoint.id, endpoint]));

export function findEndpoint(id: string): CatalogueEndpoint | undefined {
  return typeof id === 'string' ? BY_ID.get(id) : undefined;
}

export type FillPathResult = { ok: true; path: string } | { ok: false; reason: string };

/** The endpoint's path with every `{parameter}` replaced by its value, or why a value cannot be used. */
export function fillPath(endpoint: CatalogueEndpoint, params: Readonly<Record<string, string>>): FillPathResult {
  const filled = fillTemplate(endpoint.path, params);
  return filled.unfilled.length === 0 ? { ok: true, path: filled.path } : { ok: false, reason: filled.unfilled[0].reason };
}

export type EndpointMatch = TemplateMatch<CatalogueEndpoint>;

/**
 * Which catalogue endpoint a request addresses, with its valid parameters decoded (the rules are
 * requestRules.matchTemplate's, the webview's too). Accepts a pathname, a path with a query, or a full URL.
 */
export function matchEndpoint(method: string, url: string): EndpointMatch | undefined {
  if (typeof method !== 'string' || typeof url !== 'string') return undefined;
  // Every send asks, mostly about the same few URLs: each answer is kept (frozen, as it is shared)
  // for the next ask, the oldest first forgotten. Saves a regular expression per catalogue
  // endpoint per request (measured in the requestOverhead benchmark).
  const key = `${method} ${url}`;
  const known = recentMatches.get(key);
  if (known !== undefined) return known ?? undefined;
  const found = findTemplate(CATALOGUE_ENDPOINTS, method, url);
  const match = found ? Object.freeze({ endpoint: found.endpoint, params: Object.freeze(found.params) }) : null;
  if (key.length > MAX_REMEMBERED_KEY) return match ?? undefined;
  if (recentMatches.size >= MAX_RECENT_MATCHES) recentMatches.delete(recentMatches.keys().next().value as string);
  recentMatches.set(key, match);
  return match ?? undefined;
}

const MAX_RECENT_MATCHES = 256;
const MAX_REMEMBERED_KEY = 1024;
const recentMatches = new Map<string, EndpointMatch | null>();
