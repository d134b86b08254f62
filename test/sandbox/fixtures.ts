// Loads the committed fixtures into one id-linked model: chain → sites → films → showtimes →
// ticket types. Records keep their recorded text; derived ones (derived.json) are added where
// the recordings leave a gap, including the showtimes derivedShowtimes.ts copies for the sites
// of the chain that has none recorded.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { RawRecord, rawObjectMembers, rawRecord, rawRecords } from './rawJson';
import { deriveShowtimes } from './derivedShowtimes';
import {
  DerivedFixtures,
  FIXTURE_FILES,
  MxChain,
  MxFilm,
  MxShowtime,
  MxSite,
  MxTicketType,
  RecordedError,
  fixturesDir,
} from './fixtureFormat';

export interface MxOrderRecord {
  readonly id: string;
  readonly cinemaChainId: string;
}

export interface MxData {
  readonly chains: readonly RawRecord<MxChain>[];
  readonly chainById: ReadonlyMap<string, RawRecord<MxChain>>;
  readonly sitesByChain: ReadonlyMap<string, readonly RawRecord<MxSite>[]>;
  readonly siteById: ReadonlyMap<string, RawRecord<MxSite>>;
  readonly filmsByChain: ReadonlyMap<string, readonly RawRecord<MxFilm>[]>;
  readonly filmById: ReadonlyMap<string, RawRecord<MxFilm>>;
  readonly showtimesBySite: ReadonlyMap<string, readonly RawRecord<MxShowtime>[]>;
  readonly showtimesWithTicketTypesBySite: ReadonlyMap<string, readonly RawRecord<MxShowtime>[]>;
  readonly showtimeById: ReadonlyMap<string, RawRecord<MxShowtime>>;
  readonly ticketTypesByShowtime: ReadonlyMap<string, readonly RawRecord<MxTicketType>[]>;
  /** Every showtime with ticket types, as recorded (no derived ones): the material for large bodies. */
  readonly allShowtimesWithTicketTypes: readonly string[];
  readonly recordedOrders: readonly RawRecord<MxOrderRecord>[];
  readonly errors: Readonly<Record<RecordedError['name'], RecordedError>>;
}

interface ExchangeFile {
  readonly path: string;
  readonly bodyRaw: string;
}

async function readExchange(dir: string, file: string): Promise<ExchangeFile> {
  const members = rawObjectMembers(await fsp.readFile(path.join(dir, file), 'utf8'));
  const bodyRaw = members.get('body');
  const pathRaw = members.get('path');
  if (bodyRaw === undefined || pathRaw === undefined) throw new Error(`${file}: not a recorded exchange`);
  return { path: JSON.parse(pathRaw) as string, bodyRaw };
}

/** The id after `segment/` in a recorded path, e.g. the chain of a recorded film list. */
function idAfter(recordedPath: string, segment: string): string {
  const match = new RegExp(`/${segment}/([^/]+)`).exec(recordedPath);
  if (!match) throw new Error(`No ${segment} id in ${recordedPath}`);
  return match[1].toLowerCase();
}

function indexById<T extends { id: string }>(records: readonly RawRecord<T>[]): Map<string, RawRecord<T>> {
  return new Map(records.map((r) => [r.value.id.toLowerCase(), r]));
}

function groupBy<T>(records: readonly RawRecord<T>[], key: (value: T) => string): Map<string, RawRecord<T>[]> {
  const groups = new Map<string, RawRecord<T>[]>();
  for (const record of records) {
    const k = key(record.value).toLowerCase();
    const group = groups.get(k);
    if (group) group.push(record);
    else groups.set(k, [record]);
  }
  return groups;
}

async function load(dir: string): Promise<MxData> {
  const [chainsFile, sitesFile, filmsFile, showtimesFile, withTicketTypesFile, ticketTypesFile, ordersFile] = await Promise.all(
    [
      FIXTURE_FILES.chains,
      FIXTURE_FILES.sites,
      FIXTURE_FILES.films,
      FIXTURE_FILES.showtimes,
      FIXTURE_FILES.showtimesWithTicketTypes,
      FIXTURE_FILES.ticketTypes,
      FIXTURE_FILES.orders,
    ].map((file) => readExchange(dir, file)),
  );
  const derived = JSON.parse(await fsp.readFile(path.join(dir, FIXTURE_FILES.derived), 'utf8')) as DerivedFixtures;
  const errorList = JSON.parse(await fsp.readFile(path.join(dir, FIXTURE_FILES.errors), 'utf8')) as RecordedError[];

  const chains = rawRecords<MxChain>(chainsFile.bodyRaw);
  const sites = [...rawRecords<MxSite>(sitesFile.bodyRaw), ...derived.sites.map((d) => rawRecord(d.record))];
  const recordedFilms = rawRecords<MxFilm>(filmsFile.bodyRaw);
  const filmById = indexById([...recordedFilms, ...derived.films.map((d) => rawRecord(d.record))]);
  const filmsByChain = new Map<string, RawRecord<MxFilm>[]>([[idAfter(filmsFile.path, 'cinema-chains'), recordedFilms]]);
  for (const [chainId, { filmIds }] of Object.entries(derived.chainFilms)) {
    filmsByChain.set(
      chainId.toLowerCase(),
      filmIds.map((id) => {
        const film = filmById.get(id.toLowerCase());
        if (!film) throw new Error(`derived.json lists film ${id} that no fixture has`);
        return film;
      }),
    );
  }

  const recordedShowtimes = rawRecords<MxShowtime>(showtimesFile.bodyRaw);
  const recordedWithTicketTypes = rawRecords<MxShowtime>(withTicketTypesFile.bodyRaw);
  const siteById = indexById(sites);
  const derivedShowtimes = deriveShowtimes(
    derived.showtimes,
    { showtimes: recordedShowtimes, withTicketTypes: recordedWithTicketTypes },
    { siteById, filmsByChain },
  );
  const showtimes = [...recordedShowtimes, ...derivedShowtimes.showtimes];
  const withTicketTypes = [...recordedWithTicketTypes, ...derivedShowtimes.withTicketTypes];
  const ticketTypesByShowtime = new Map<string, RawRecord<MxTicketType>[]>();
  for (const showtime of recordedWithTicketTypes) {
    const raw = rawObjectMembers(showtime.raw).get('ticketTypes') ?? '[]';
    ticketTypesByShowtime.set(showtime.value.id.toLowerCase(), rawRecords<MxTicketType>(raw));
  }
  // A copy's ticket types are its recorded showtime's, byte for byte.
  for (const [derivedId, recordedId] of derivedShowtimes.sourceOf) {
    ticketTypesByShowtime.set(derivedId, ticketTypesByShowtime.get(recordedId) ?? []);
  }
  // The recorded ticket-types answer wins for its showtime, so that exchange replays verbatim.
  ticketTypesByShowtime.set(idAfter(ticketTypesFile.path, 'showtimes'), rawRecords<MxTicketType>(ticketTypesFile.bodyRaw));

  return {
    chains,
    chainById: indexById(chains),
    sitesByChain: groupBy(sites, (s) => s.cinemaChainId),
    siteById,
    filmsByChain,
    filmById,
    showtimesBySite: groupBy(showtimes, (s) => s.siteId),
    showtimesWithTicketTypesBySite: groupBy(withTicketTypes, (s) => s.siteId),
    showtimeById: indexById(showtimes),
    ticketTypesByShowtime,
    allShowtimesWithTicketTypes: recordedWithTicketTypes.map((s) => s.raw),
    recordedOrders: [{ value: JSON.parse(ordersFile.bodyRaw) as MxOrderRecord, raw: ordersFile.bodyRaw }],
    errors: Object.fromEntries(errorList.map((e) => [e.name, e])) as Record<RecordedError['name'], RecordedError>,
  };
}

const loaded = new Map<string, Promise<MxData>>();

/** Loads once per folder: every sandbox in a process shares the same read-only model. */
export function loadMxData(dir: string = fixturesDir()): Promise<MxData> {
  let data = loaded.get(dir);
  if (!data) {
    data = load(dir);
    data.catch(() => loaded.delete(dir));
    loaded.set(dir, data);
  }
  return data;
}
