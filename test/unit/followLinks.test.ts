import * as assert from 'node:assert/strict';
import { fillPath, findEndpoint, matchEndpoint } from '../../src/mx/catalogue';
import { idsIn, linksFor, MAX_IDS, type LinkContext } from '../../src/panel/followLinks';
import { childrenAt } from '../../src/panel/jsonTree';
import type { FollowLink, JsonPath } from '../../src/protocol';
import { loadMxData, type MxData } from '../sandbox/fixtures';

const DEMO_CHAIN = '6e66f9df-6c6f-4a09-877c-1e77ae5e426e';
const VEEZI_CHAIN = 'd90b9017-1abd-e711-80c2-000d3ad0511b';
const DEMO_SITE = 'dad76795-6bca-4788-568f-08d561ec8a55';
const SHOWTIME = '83bf2953-dc25-4d2b-fec3-08d8fef9d29d';
const FILM = '93219faa-ec28-4ea9-bb02-08d561d0af95';

/** What the sandbox would answer, as parsed JSON (undefined: an empty 404). */
function serve(data: MxData, endpointId: string, params: Record<string, string>): unknown {
  const key = (name: string): string => params[name].toLowerCase();
  const values = (records: ReadonlyArray<{ value: unknown }> | undefined): unknown[] => (records ?? []).map((r) => r.value);
  switch (endpointId) {
    case 'get-cinema-chains':
      return values(data.chains);
    case 'get-cinema-chain':
      return data.chainById.get(key('cinemaChainId'))?.value;
    case 'get-sites-for-cinema-chain':
      return values(data.sitesByChain.get(key('cinemaChainId')));
    case 'get-site':
      return data.siteById.get(key('siteId'))?.value;
    case 'get-films-for-cinema-chain':
      return values(data.filmsByChain.get(key('cinemaChainId')));
    case 'get-film':
      return data.filmById.get(key('filmId'))?.value;
    case 'get-showtimes-for-site':
      return values(data.showtimesBySite.get(key('siteId')));
    case 'get-showtimes-with-ticket-types-for-site':
      return values(data.showtimesWithTicketTypesBySite.get(key('siteId')));
    case 'get-showtime':
      return data.showtimeById.get(key('showtimeId'))?.value;
    case 'get-ticket-types-for-showtime':
      return values(data.ticketTypesByShowtime.get(key('showtimeId')));
    case 'create-order':
    case 'get-order':
      return data.recordedOrders[0].value;
    default:
      throw new Error(`not served: ${endpointId}`);
  }
}

/** Every link in a body, as the tree would show them, keyed by the value's path. */
function allLinks(context: LinkContext, body: unknown): Map<string, FollowLink[]> {
  const found = new Map<string, FollowLink[]>();
  const walk = (path: JsonPath): void => {
    const page = childrenAt(body, path, 0, 200, (p, key, value, parent) => linksFor(context, p, key, value, parent));
    for (const child of page?.children ?? []) {
      const childPath = [...path, child.key];
      if (child.links) found.set(JSON.stringify(childPath), [...child.links]);
      if (child.childCount !== undefined) walk(childPath);
    }
  };
  walk([]);
  return found;
}

const ids = (links: readonly FollowLink[] | undefined): string[] => (links ?? []).map((l) => l.endpointId);

describe('followLinks', () => {
  let data: MxData;
  before(async () => {
    data = await loadMxData();
  });

  it('walks chain → sites → showtimes → ticket types, and chain → films, by clicking on recorded data', () => {
    // 1. Get Cinema Chains: each chain id leads to its sites and films.
    const chains = serve(data, 'get-cinema-chains', {}) as Array<{ id: string; name: string }>;
    const demoIndex = chains.findIndex((c) => c.id === DEMO_CHAIN);
    const chainLinks = allLinks({ endpointId: 'get-cinema-chains', params: {} }, chains);
    assert.equal(chainLinks.size, chains.length, 'one linked id per chain, and nothing else (no ids deep in configuration)');
    const demo = chainLinks.get(JSON.stringify([demoIndex, 'id']));
    assert.deepEqual(demo, [
      { endpointId: 'get-sites-for-cinema-chain', title: 'Get Sites for a Cinema Chain', parameters: { cinemaChainId: DEMO_CHAIN } },
      { endpointId: 'get-films-for-cinema-chain', title: 'Get Films for a Cinema Chain', parameters: { cinemaChainId: DEMO_CHAIN } },
    ]);

    // 2. Get Sites for Demo Cinemas: the site id leads to the site and its showtimes (with ticket types first).
    const sitesLink = demo[0];
    const sites = serve(data, sitesLink.endpointId, sitesLink.parameters) as Array<{ id: string }>;
    const sitesContext = { endpointId: sitesLink.endpointId, params: sitesLink.parameters };
    const siteLinks = allLinks(sitesContext, sites);
    assert.deepEqual(ids(siteLinks.get(JSON.stringify([0, 'id']))), ['get-site', 'get-showtimes-with-ticket-types-for-site', 'get-showtimes-for-site']);
    // The chain id inside a site leads back to the chain's lists, except the very request being shown.
    assert.deepEqual(ids(siteLinks.get(JSON.stringify([0, 'cinemaChainId']))), ['get-films-for-cinema-chain']);

    // 3. Showtimes with ticket types: the showtime id leads to the showtime and its ticket types,
    // using the chain id next to it; film ids lead to the film; ticket type ids lead nowhere.
    const showtimesLink = siteLinks.get(JSON.stringify([0, 'id']))?.[1] as FollowLink;
    assert.deepEqual(showtimesLink.parameters, { siteId: DEMO_SITE });
    const showtimes = serve(data, showtimesLink.endpointId, showtimesLink.parameters) as Array<{ id: string; filmId: string }>;
    assert.equal(showtimes.length, 561);
    const showtimeContext = { endpointId: showtimesLink.endpointId, params: showtimesLink.parameters };
    const first = showtimes.slice(0, 3);
    const showtimeLinks = allLinks(showtimeContext, first);
    assert.deepEqual(showtimeLinks.get(JSON.stringify([0, 'id'])), [
      { endpointId: 'get-showtime', title: 'Get Showtime', parameters: { showtimeId: SHOWTIME } },
      {
        endpointId: 'get-ticket-types-for-showtime',
        title: 'Get Ticket Types for a Showtime',
        parameters: { cinemaChainId: DEMO_CHAIN, showtimeId: SHOWTIME },
      },
    ]);
    assert.deepEqual(ids(showtimeLinks.get(JSON.stringify([0, 'filmId']))), ['get-film']);
    assert.deepEqual(ids(showtimeLinks.get(JSON.stringify([0, 'siteId']))), ['get-site', 'get-showtimes-for-site']);
    assert.equal(showtimeLinks.get(JSON.stringify([0, 'ticketTypes', 0, 'id'])), undefined);
    assert.equal(showtimeLinks.get(JSON.stringify([0, 'cinemaChainFilmId'])), undefined);
    assert.equal(showtimeLinks.get(JSON.stringify([0, 'screenName'])), undefined);

    // 4. Ticket types for the showtime: served, and nothing in them links further.
    const ticketTypesLink = showtimeLinks.get(JSON.stringify([0, 'id']))?.[1] as FollowLink;
    const filled = fillPath(findEndpoint(ticketTypesLink.endpointId)!, ticketTypesLink.parameters);
    assert.ok(filled.ok);
    assert.equal(matchEndpoint('GET', filled.path)?.endpoint.id, 'get-ticket-types-for-showtime');
    const ticketTypes = serve(data, ticketTypesLink.endpointId, ticketTypesLink.parameters) as Array<{ description: string }>;
    assert.deepEqual(ticketTypes.map((t) => t.description), ['Adult', 'Child', 'Senior Citizen', 'Adult-BMS']);
    assert.equal(allLinks({ endpointId: ticketTypesLink.endpointId, params: ticketTypesLink.parameters }, ticketTypes).size, 0);

    // 5. Films of the chain: each film id leads to Get Film, which serves that film.
    const filmsLink = demo[1];
    const films = serve(data, filmsLink.endpointId, filmsLink.parameters) as Array<{ id: string }>;
    const filmLinks = allLinks({ endpointId: filmsLink.endpointId, params: filmsLink.parameters }, films);
    const filmLink = filmLinks.get(JSON.stringify([0, 'id']))?.[0] as FollowLink;
    assert.deepEqual(filmLink, { endpointId: 'get-film', title: 'Get Film', parameters: { filmId: FILM } });
    assert.equal((serve(data, 'get-film', filmLink.parameters) as { id: string }).id, FILM);
    // Get Film itself offers no link to itself.
    assert.equal(allLinks({ endpointId: 'get-film', params: { filmId: FILM } }, serve(data, 'get-film', filmLink.parameters)).size, 0);
  });

  it('walks from the first chain listed to a showtime derived for its first site, its film and its ticket types', () => {
    const chains = serve(data, 'get-cinema-chains', {}) as Array<{ id: string }>;
    assert.equal(chains[0].id, VEEZI_CHAIN);
    const sitesLink = allLinks({ endpointId: 'get-cinema-chains', params: {} }, chains).get(JSON.stringify([0, 'id']))?.[0] as FollowLink;
    const sites = serve(data, sitesLink.endpointId, sitesLink.parameters) as Array<{ id: string }>;
    const showtimesLink = allLinks({ endpointId: sitesLink.endpointId, params: sitesLink.parameters }, sites).get(JSON.stringify([0, 'id']))?.[1] as FollowLink;
    assert.equal(showtimesLink.endpointId, 'get-showtimes-with-ticket-types-for-site');
    const showtimes = serve(data, showtimesLink.endpointId, showtimesLink.parameters) as Array<{ id: string; filmId: string }>;
    assert.ok(showtimes.length > 0, 'the first site of the first chain has (derived) showtimes');

    const links = allLinks({ endpointId: showtimesLink.endpointId, params: showtimesLink.parameters }, showtimes.slice(0, 1));
    const filmLink = links.get(JSON.stringify([0, 'filmId']))?.[0] as FollowLink;
    assert.deepEqual(filmLink, { endpointId: 'get-film', title: 'Get Film', parameters: { filmId: showtimes[0].filmId } });
    const film = serve(data, filmLink.endpointId, filmLink.parameters) as { id: string; title: string };
    assert.equal(film.id, showtimes[0].filmId);
    assert.doesNotMatch(film.title, /Unrecorded/);
    const ticketTypesLink = links.get(JSON.stringify([0, 'id']))?.[1] as FollowLink;
    assert.deepEqual(ticketTypesLink.parameters, { cinemaChainId: VEEZI_CHAIN, showtimeId: showtimes[0].id });
    assert.ok((serve(data, ticketTypesLink.endpointId, ticketTypesLink.parameters) as unknown[]).length > 0);
  });

  it('links every recorded Veezi site and film', () => {
    const sites = serve(data, 'get-sites-for-cinema-chain', { cinemaChainId: VEEZI_CHAIN }) as unknown[];
    const films = serve(data, 'get-films-for-cinema-chain', { cinemaChainId: VEEZI_CHAIN }) as unknown[];
    assert.equal(films.length, 331);
    for (const [endpointId, list] of [['get-sites-for-cinema-chain', sites], ['get-films-for-cinema-chain', films]] as const) {
      list.forEach((record, i) => {
        const links = linksFor({ endpointId, params: { cinemaChainId: VEEZI_CHAIN } }, [i, 'id'], 'id', (record as { id: string }).id, record);
        assert.ok(links.length > 0, `${endpointId}[${i}]`);
      });
    }
  });

  it('links a single showtime (Get Showtime) to its ticket types through the chain id next to it', () => {
    const showtime = serve(data, 'get-showtime', { showtimeId: SHOWTIME }) as Record<string, unknown>;
    const links = linksFor({ endpointId: 'get-showtime', params: { showtimeId: SHOWTIME } }, ['id'], 'id', SHOWTIME, showtime);
    assert.deepEqual(ids(links), ['get-ticket-types-for-showtime']);
  });

  it('links the recorded order: its id to Get Order, its showtime to the ticket types via the context chain', () => {
    const order = serve(data, 'create-order', { cinemaChainId: DEMO_CHAIN }) as { id: string; showtimes: Array<Record<string, unknown>> };
    const context = { endpointId: 'create-order', params: { cinemaChainId: DEMO_CHAIN } };
    const links = allLinks(context, order);
    assert.deepEqual(links.get(JSON.stringify(['id'])), [
      { endpointId: 'get-order', title: 'Get Order', parameters: { cinemaChainId: DEMO_CHAIN, orderId: order.id } },
    ]);
    assert.deepEqual(links.get(JSON.stringify(['showtimes', 0, 'showtimeId']))?.[1], {
      endpointId: 'get-ticket-types-for-showtime',
      title: 'Get Ticket Types for a Showtime',
      parameters: { cinemaChainId: DEMO_CHAIN, showtimeId: SHOWTIME },
    });
    assert.equal(links.get(JSON.stringify(['showtimes', 0, 'groupedTickets', 0, 'ticketTypeId'])), undefined);
  });

  it('offers Get Showtime alone when no chain id is known', () => {
    assert.deepEqual(ids(linksFor({ params: {} }, ['x', 'showtimeId'], 'showtimeId', SHOWTIME, { showtimeId: SHOWTIME })), ['get-showtime']);
  });

  it('recognises records by shape when the endpoint is unknown', () => {
    const showtime = serve(data, 'get-showtime', { showtimeId: SHOWTIME }) as Record<string, unknown>;
    const site = serve(data, 'get-site', { siteId: DEMO_SITE }) as Record<string, unknown>;
    const chain = serve(data, 'get-cinema-chain', { cinemaChainId: DEMO_CHAIN }) as Record<string, unknown>;
    const film = serve(data, 'get-film', { filmId: FILM }) as Record<string, unknown>;
    const context = { params: {} };
    assert.deepEqual(ids(linksFor(context, [5, 'id'], 'id', SHOWTIME, showtime)), ['get-showtime', 'get-ticket-types-for-showtime']);
    assert.deepEqual(ids(linksFor(context, ['id'], 'id', DEMO_SITE, site))[0], 'get-site');
    assert.deepEqual(ids(linksFor(context, ['id'], 'id', DEMO_CHAIN, chain)), ['get-sites-for-cinema-chain', 'get-films-for-cinema-chain']);
    assert.deepEqual(ids(linksFor(context, ['id'], 'id', FILM, film)), ['get-film']);
    assert.deepEqual(linksFor(context, ['id'], 'id', 'abc', { id: 'abc', description: 'Adult', price: 12 }), []);
  });

  it('gives no links for values that are not safe ids, or not strings', () => {
    const context = { endpointId: 'get-cinema-chains', params: {} };
    for (const value of ['../x', 'a/b', '', 'a b', 'a%2Fb', 'x'.repeat(101), 42, null, { id: 'x' }]) {
      assert.deepEqual(linksFor(context, [0, 'id'], 'id', value, {}), [], JSON.stringify(value));
      assert.deepEqual(linksFor({ params: {} }, ['cinemaChainId'], 'cinemaChainId', value, {}), [], JSON.stringify(value));
    }
    // A chain id beside a showtime that is not a safe id is not used for the ticket-types link.
    assert.deepEqual(
      ids(linksFor({ params: { cinemaChainId: '../../x' } }, ['showtimeId'], 'showtimeId', SHOWTIME, { cinemaChainId: 'a/b' })),
      ['get-showtime'],
    );
  });

  it('ignores ids at other depths of a known endpoint, and inherited fields', () => {
    assert.deepEqual(linksFor({ endpointId: 'get-cinema-chains', params: {} }, [0, 'configuration', 'id'], 'id', 'abc', {}), []);
    assert.deepEqual(linksFor({ endpointId: 'get-cinema-chain', params: {} }, [0, 'id'], 'id', 'abc', {}), []);
    assert.deepEqual(linksFor({ params: {} }, ['toString'], 'toString', 'abc', {}), []);
    assert.deepEqual(linksFor({ params: {} }, ['__proto__'], '__proto__', 'abc', {}), []);
  });
});

describe('idsIn (ids offered in parameter forms)', () => {
  let data: MxData;
  before(async () => {
    data = await loadMxData();
  });

  it('lists the chains of Get Cinema Chains by name, under cinemaChainId', () => {
    const ids = idsIn({ endpointId: 'get-cinema-chains', params: {} }, serve(data, 'get-cinema-chains', {}));
    assert.ok(ids.length >= 4);
    assert.deepEqual(ids.find((i) => i.value === VEEZI_CHAIN), { parameter: 'cinemaChainId', value: VEEZI_CHAIN, label: 'Veezi USA Sales Account' });
    assert.ok(ids.every((i) => i.parameter === 'cinemaChainId'));
  });

  it('a single record by its own id; showtimes by start time; nothing from an unknown answer', () => {
    const site = idsIn({ endpointId: 'get-site', params: { siteId: DEMO_SITE } }, serve(data, 'get-site', { siteId: DEMO_SITE }));
    assert.deepEqual(site.map((i) => [i.parameter, i.value]), [['siteId', DEMO_SITE]]);
    assert.ok(site[0].label.length > 0);
    const showtimes = idsIn({ endpointId: 'get-showtimes-for-site', params: {} }, serve(data, 'get-showtimes-for-site', { siteId: DEMO_SITE }));
    assert.ok(showtimes.length > 0 && showtimes.every((i) => i.parameter === 'showtimeId' && /^\d{4}-/.test(i.label)), JSON.stringify(showtimes[0]));
    assert.deepEqual(idsIn({ params: {} }, [{ id: VEEZI_CHAIN, name: 'x' }]), []);
    assert.deepEqual(idsIn({ endpointId: 'get-cinema-chains', params: {} }, { not: 'a list' }), []);
  });

  it('reads at most MAX_IDS records, and never an id that is not a valid path parameter', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `id-${i}`, name: `n${i}` }));
    assert.equal(idsIn({ endpointId: 'get-cinema-chains', params: {} }, many).length, MAX_IDS);
    assert.deepEqual(idsIn({ endpointId: 'get-cinema-chains', params: {} }, [{ id: '../x', name: 'bad' }, { id: 7 }]), []);
  });
});
