// Turns the recorded MX staging cassettes into the committed fixtures the sandbox serves.
// Run: node out/test/sandbox/extract-fixtures.js [recordingsDir]
// Records are copied as MX sent them; the few records the walk chain → sites → films →
// showtimes needs but the recordings lack go to derived.json, each with the reason, and so does
// the rule by which the sandbox derives showtimes for the chain that has none recorded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { rawArrayElements } from './rawJson';
import {
  DerivedFixtures,
  DerivedRecord,
  DerivedShowtimes,
  FIXTURE_FILES,
  MxChain,
  MxFilm,
  MxShowtime,
  MxSite,
  RecordedError,
  RecordedExchange,
  findRepoRoot,
} from './fixtureFormat';

interface Cassette {
  http_interactions: {
    request: { method: string; uri: string; body: { string: string } };
    response: { status: { code: number }; headers: Record<string, string[]>; body: { string: string } };
    recorded_at: string;
  }[];
}

interface Exchange extends RecordedExchange {
  readonly body: string;
}

// VCR stores non-ASCII bodies as base64 under Ruby's `!binary` tag.
const binaryTag: YAML.ScalarTag = {
  tag: '!binary',
  resolve: (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8'),
};

function loadExchanges(recordingsDir: string): Exchange[] {
  const files = fs.readdirSync(recordingsDir).filter((f) => f.endsWith('.yml')).sort();
  return files.flatMap((file) => {
    const cassette = YAML.parse(fs.readFileSync(path.join(recordingsDir, file), 'utf8'), { customTags: [binaryTag] }) as Cassette;
    return cassette.http_interactions.map((i): Exchange => {
      const url = new URL(i.request.uri);
      const requestText = i.request.body.string ?? '';
      return {
        recording: file,
        recordedAt: i.recorded_at,
        method: i.request.method.toUpperCase(),
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        status: i.response.status.code,
        contentType: i.response.headers['Content-Type']?.[0] ?? null,
        ...(requestText && !url.pathname.endsWith('/connect/token') ? { requestBody: JSON.parse(requestText) as unknown } : {}),
        body: i.response.body.string ?? '',
      };
    });
  });
}

/** The one recorded exchange matching; duplicates must agree, or the recordings changed under us. */
function pick(exchanges: Exchange[], method: string, pathPattern: RegExp, status = 200, nonEmpty = false): Exchange {
  const found = exchanges.filter(
    (e) => e.method === method && pathPattern.test(e.path) && e.status === status && (!nonEmpty || e.body.trim().length > 2),
  );
  if (found.length === 0) throw new Error(`No recorded ${method} ${pathPattern} → ${status}`);
  if (found.some((e) => e.body !== found[0].body)) throw new Error(`Recorded ${method} ${pathPattern} answers differ`);
  return found[0];
}

function exchangeFileText(exchange: Exchange): string {
  const { body, ...meta } = exchange;
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, '');
  const trimmed = body.trim();
  const elements = trimmed.startsWith('[') ? rawArrayElements(trimmed) : undefined;
  const bodyText = elements === undefined ? trimmed : elements.length === 0 ? '[]' : `[\n${elements.join(',\n')}\n]`;
  return `${head},\n  "body": ${bodyText}\n}\n`;
}

/** A single-record GET must be one element of its list, so the sandbox serves it from the list. */
function assertElementOf(list: Exchange, single: Exchange): void {
  if (!rawArrayElements(list.body).includes(single.body.trim())) {
    throw new Error(`${single.method} ${single.path} is not an element of ${list.path}`);
  }
}

// Windows and IANA names MX uses for the offsets our derived sites need; no DST in these zones,
// so the offset seen in April 2021 holds all year.
const TIME_ZONES_BY_OFFSET: Record<string, { name: string; ianaName: string }> = {
  '10': { name: 'E. Australia Standard Time', ianaName: 'Australia/Brisbane' },
};

function deriveSite(siteId: string, chain: MxChain, showtimes: MxShowtime[], source: string): DerivedRecord<MxSite> {
  const offsets = new Set(
    showtimes.map((s) => (Date.parse(`${s.startTime}Z`) - Date.parse(`${s.startTimeUtc}Z`)) / 3_600_000),
  );
  const zone = offsets.size === 1 ? TIME_ZONES_BY_OFFSET[String([...offsets][0])] : undefined;
  if (!zone) throw new Error(`Cannot derive a time zone for site ${siteId} from offsets ${[...offsets].join(', ')}`);
  const offset = [...offsets][0];
  const record = {
    id: siteId,
    name: `${chain.name} (site ${siteId.slice(0, 8)})`,
    address: {},
    location: { latitude: 0, longitude: 0 },
    cinemaChainId: chain.id,
    timeZone: { ...zone, currentOffsetFromUtcInHours: offset },
  };
  return {
    why:
      `${source} has ${showtimes.length} showtimes for this site of chain "${chain.name}", but no site list of that chain was recorded. ` +
      `Time zone from startTime − startTimeUtc (+${offset} h on every showtime); address and location left empty like the recorded sparse sites.`,
    record,
  };
}

function deriveFilm(filmId: string, showtimes: MxShowtime[], source: string): DerivedRecord<MxFilm> {
  const first = showtimes.map((s) => s.startTime).sort()[0];
  const record = {
    id: filmId,
    title: `Unrecorded film ${filmId.slice(0, 8)}`,
    actors: [],
    directors: [],
    genres: [],
    plot: 'Derived by the MX sandbox: the recorded showtimes show this film, but its film record was not recorded.',
    releaseDate: `${first.slice(0, 10)}T00:00:00`,
    runtime: 120,
    writers: [],
  };
  return {
    why: `${source} has ${showtimes.length} showtime(s) of this film id; no recorded film list contains it. Shaped like the recorded minimal films; release date = day of its first showtime; runtime is a placeholder.`,
    record,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function derive(
  chains: MxChain[],
  sites: MxSite[],
  filmsChainId: string,
  films: MxFilm[],
  showtimes: MxShowtime[],
  source: string,
): DerivedFixtures {
  const derivedSites = [...groupBy(showtimes, (s) => s.siteId)]
    .filter(([siteId]) => !sites.some((s) => s.id === siteId))
    .map(([siteId, list]) => {
      const chain = chains.find((c) => c.id === list[0].cinemaChainId);
      if (!chain) throw new Error(`Showtimes of site ${siteId} belong to an unrecorded chain`);
      return deriveSite(siteId, chain, list, source);
    });
  const byFilm = groupBy(showtimes, (s) => s.filmId);
  const chainFilms: Record<string, { why: string; filmIds: string[] }> = {};
  for (const [chainId, list] of groupBy(showtimes, (s) => s.cinemaChainId)) {
    chainFilms[chainId] = {
      why: `No film list of this chain was recorded: its films are the films of its recorded showtimes (${source}), in order of first appearance.`,
      filmIds: [...new Set(list.map((s) => s.filmId))],
    };
  }
  const derivedFilms = [...byFilm].filter(([id]) => !films.some((f) => f.id === id)).map(([id, list]) => deriveFilm(id, list, source));
  return {
    note: 'Records derived by extract-fixtures.ts so that chain → sites → films → showtimes can be walked by id. See README.md.',
    sites: derivedSites,
    chainFilms,
    films: derivedFilms,
    showtimes: deriveShowtimeRule(filmsChainId, sites, films, showtimes, source),
  };
}

// Each target site gets the showtimes of this many of the source site's screens, the window moving
// on by SCREEN_STEP screens from one site to the next, so no two sites show the same programme.
const SCREENS_PER_SITE = 6;
const SCREEN_STEP = 2;

/**
 * The rule by which the sandbox copies the recorded showtimes of the one recorded site to the sites
 * of the chain whose sites and films were recorded but whose showtimes were not (derivedShowtimes.ts).
 */
function deriveShowtimeRule(
  targetChainId: string,
  sites: MxSite[],
  films: MxFilm[],
  showtimes: MxShowtime[],
  source: string,
): DerivedShowtimes {
  const sourceSites = [...new Set(showtimes.map((s) => s.siteId))];
  if (sourceSites.length !== 1) throw new Error(`Expected the showtimes of one site, got ${sourceSites.length}`);
  if (showtimes.some((s) => s.cinemaChainId.toLowerCase() === targetChainId)) throw new Error('The target chain has recorded showtimes');
  const targetSites = sites.filter((s) => s.cinemaChainId.toLowerCase() === targetChainId);
  if (targetSites.length !== sites.length) throw new Error('The recorded site list mixes chains');

  // Films: one the target chain has keeps its id; the others, busiest first, get the target chain's
  // most recently released films, so following a derived showtime's filmId shows a recorded film.
  const counts = new Map<string, number>();
  for (const s of showtimes) counts.set(s.filmId, (counts.get(s.filmId) ?? 0) + 1);
  const sourceFilms = [...counts.keys()];
  const unmapped = sourceFilms.filter((id) => !films.some((f) => f.id === id)).sort((a, b) => counts.get(b)! - counts.get(a)!);
  const newest = films
    .filter((f) => !sourceFilms.includes(f.id) && f.releaseDate)
    .sort((a, b) => (b.releaseDate ?? '').localeCompare(a.releaseDate ?? ''));
  if (newest.length < unmapped.length) throw new Error('Not enough recorded films to map the showtimes\' films to');
  const target = new Map<string, MxFilm>(unmapped.map((id, i) => [id, newest[i]]));
  const filmMap: Record<string, { filmId: string; title: string }> = {};
  for (const id of sourceFilms) {
    const film = target.get(id) ?? films.find((f) => f.id === id)!;
    filmMap[id] = { filmId: film.id, title: film.title };
  }

  const screenIds = [...new Set(showtimes.map((s) => s.screenId))].sort((a, b) => (a ?? 0) - (b ?? 0));
  if (screenIds.some((id) => id === null) || screenIds.length < SCREENS_PER_SITE) throw new Error('Unexpected screens in the recorded showtimes');
  const siteScreens = targetSites.map((site, k) => ({
    siteId: site.id,
    screenIds: Array.from({ length: SCREENS_PER_SITE }, (_, i) => screenIds[(k * SCREEN_STEP + i) % screenIds.length] as number),
  }));

  return {
    why:
      `Showtimes were recorded for one site only: ${source} has ${showtimes.length} showtimes of chain ${showtimes[0].cinemaChainId}. ` +
      `None were recorded for the sites of chain ${targetChainId}, so following chain → sites → showtimes from it dead-ended. ` +
      `The sandbox copies the recorded showtimes to each site below, with their ticket types: each site gets the showtimes of ${SCREENS_PER_SITE} of the ` +
      `${screenIds.length} recorded screens (in screenId order, the window moving on by ${SCREEN_STEP} from one site to the next). In a copy only these change: ` +
      'id = UUID v5 of the recorded showtime id in the namespace of the site id; siteId and cinemaChainId = the site\'s; ' +
      'filmId and cinemaChainFilmId = the mapped film (that chain\'s own film ids were not recorded); ' +
      'startTimeUtc = the recorded local startTime minus the site\'s recorded currentOffsetFromUtcInHours. ' +
      'Films: a film of the chain keeps its id; the others, busiest first, get the chain\'s most recently released recorded films.',
    sourceSiteId: sourceSites[0],
    targetChainId,
    films: filmMap,
    sites: siteScreens,
  };
}

function recordedErrors(exchanges: Exchange[]): RecordedError[] {
  const names: [RecordedError['name'], RegExp][] = [
    ['chainNotFound', /^\/mxs\/reference-data\/v1\/cinema-chains\/[^/]+$/],
    ['siteNotFound', /^\/mxs\/reference-data\/v1\/sites\/[^/]+\/showtimes$/],
    ['showtimeNotFound', /^\/mxs\/reference-data\/v1\/showtimes\/[^/]+$/],
    ['wrongPath', /^\/mxs\/reference-data\/v1\/film\/[^/]+$/],
  ];
  return names.map(([name, pattern]) => {
    const status = exchanges.find((e) => pattern.test(e.path) && e.status >= 400)?.status ?? 0;
    return { name, ...pick(exchanges, 'GET', pattern, status) };
  });
}

function main(): void {
  const root = findRepoRoot();
  const recordingsDir = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'mx-recordings'));
  const outDir = path.join(root, 'test', 'sandbox', 'fixtures');
  const exchanges = loadExchanges(recordingsDir);
  const ref = '^/mxs/reference-data/v1';

  const chains = pick(exchanges, 'GET', new RegExp(`${ref}/cinema-chains$`));
  const sites = pick(exchanges, 'GET', new RegExp(`${ref}/cinema-chains/[^/]+/sites$`));
  const films = pick(exchanges, 'GET', new RegExp(`${ref}/cinema-chains/[^/]+/films$`));
  const showtimes = pick(exchanges, 'GET', new RegExp(`${ref}/sites/[^/]+/showtimes$`), 200, true);
  const withTicketTypes = pick(exchanges, 'GET', new RegExp(`${ref}/sites/[^/]+/showtimes-with-ticket-types$`), 200, true);
  const ticketTypes = pick(exchanges, 'GET', /\/ticket-types$/);
  const order = pick(exchanges, 'POST', /\/orders$/);

  for (const e of exchanges.filter((x) => x.method === 'GET' && x.status === 200)) {
    if (/\/cinema-chains\/[^/]+$/.test(e.path)) assertElementOf(chains, e);
    if (/\/sites\/[^/]+$/.test(e.path)) assertElementOf(sites, e);
    if (/\/films\/[^/]+$/.test(e.path)) assertElementOf(films, e);
    if (/\/showtimes\/[^/]+$/.test(e.path)) assertElementOf(showtimes, e);
    if (/\/orders\/[^/]+$/.test(e.path) && e.body !== order.body) throw new Error('Recorded GET order differs from its creation');
  }

  const parsedShowtimes = JSON.parse(withTicketTypes.body) as MxShowtime[];
  const filmsChain = /\/cinema-chains\/([^/]+)\/films$/.exec(films.path);
  if (!filmsChain) throw new Error(`No chain id in ${films.path}`);
  const derived = derive(
    JSON.parse(chains.body) as MxChain[],
    JSON.parse(sites.body) as MxSite[],
    filmsChain[1].toLowerCase(),
    JSON.parse(films.body) as MxFilm[],
    parsedShowtimes,
    `${withTicketTypes.recording} (GET ${withTicketTypes.path})`,
  );

  fs.mkdirSync(outDir, { recursive: true });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(outDir, name), text);
  write(FIXTURE_FILES.chains, exchangeFileText(chains));
  write(FIXTURE_FILES.sites, exchangeFileText(sites));
  write(FIXTURE_FILES.films, exchangeFileText(films));
  write(FIXTURE_FILES.showtimes, exchangeFileText(showtimes));
  write(FIXTURE_FILES.showtimesWithTicketTypes, exchangeFileText(withTicketTypes));
  write(FIXTURE_FILES.ticketTypes, exchangeFileText(ticketTypes));
  write(FIXTURE_FILES.orders, exchangeFileText(order));
  write(FIXTURE_FILES.errors, `${JSON.stringify(recordedErrors(exchanges), null, 2)}\n`);
  write(FIXTURE_FILES.derived, `${JSON.stringify(derived, null, 2)}\n`);
  // Copied by content: the source may be read-only and copyFileSync would keep that mode.
  write('LICENSE.txt', fs.readFileSync(path.join(recordingsDir, 'LICENSE.txt'), 'utf8'));
  console.log(
    `Wrote fixtures from ${recordingsDir} to ${outDir}: ${derived.sites.length} derived site(s), ${derived.films.length} derived film(s), ` +
      `showtimes derived for ${derived.showtimes.sites.length} site(s).`,
  );
}

if (require.main === module) main();
