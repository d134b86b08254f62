// Showtimes for the sites of a chain that has none recorded (derived.json `showtimes`, see the
// fixtures' README): each target site gets copies of the recorded showtimes of one source site,
// made at load time. A copy is the recorded text with only its id, site, chain, film and UTC start
// replaced, so ticket type prices and dates keep their recorded form (`"price":12.0`).
import { createHash } from 'node:crypto';
import type { DerivedShowtimes, MxFilm, MxShowtime, MxSite } from './fixtureFormat';
import { RawRecord, rawMemberTemplate } from './rawJson';

export interface ShowtimeLists {
  /** As `GET /sites/{id}/showtimes` answers them. */
  readonly showtimes: readonly RawRecord<MxShowtime>[];
  /** The same showtimes, in the same order, as `…/showtimes-with-ticket-types` answers them. */
  readonly withTicketTypes: readonly RawRecord<MxShowtime>[];
}

export interface DerivedShowtimeLists extends ShowtimeLists {
  /** Derived showtime id (lower case) → the id of the recorded showtime it copies. */
  readonly sourceOf: ReadonlyMap<string, string>;
}

/** The members a copy replaces; every other member keeps its recorded text. */
const DERIVED_MEMBERS = ['id', 'startTimeUtc', 'siteId', 'cinemaChainId', 'filmId', 'cinemaChainFilmId'] as const;

export interface DerivationContext {
  readonly siteById: ReadonlyMap<string, RawRecord<MxSite>>;
  readonly filmsByChain: ReadonlyMap<string, readonly RawRecord<MxFilm>[]>;
}

const LOCAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of the namespace's 16 bytes and the name), so the
 * same inputs give the same id on every run and every machine.
 */
export function uuidV5(name: string, namespace: string): string {
  const hex = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a UUID: ${namespace}`);
  const hash = createHash('sha1').update(Buffer.from(hex, 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The id of the copy of a recorded showtime at a target site: UUID v5, the site id as namespace. */
export function derivedShowtimeId(siteId: string, recordedShowtimeId: string): string {
  return uuidV5(recordedShowtimeId.toLowerCase(), siteId.toLowerCase());
}

/** A site-local time in MX's form (no zone) → the UTC time in the same form, for a fixed offset. */
export function localToUtc(localTime: string, offsetFromUtcInHours: number): string {
  if (!LOCAL_TIME.test(localTime)) throw new Error(`Unexpected local time ${localTime}`);
  return new Date(Date.parse(`${localTime}Z`) - offsetFromUtcInHours * 3_600_000).toISOString().slice(0, 19);
}

function lower(id: string): string {
  return id.toLowerCase();
}

/**
 * The derived showtimes of every target site, site by site in the rule's order, each site's in the
 * recorded order. Throws when the rule does not fit the fixtures, so a bad derived.json fails at
 * load rather than serving half a chain.
 */
export function deriveShowtimes(rule: DerivedShowtimes, recorded: ShowtimeLists, context: DerivationContext): DerivedShowtimeLists {
  const sourceSite = lower(rule.sourceSiteId);
  const sourceWithTicketTypes = recorded.withTicketTypes.filter((s) => lower(s.value.siteId) === sourceSite);
  const plainById = new Map(recorded.showtimes.filter((s) => lower(s.value.siteId) === sourceSite).map((s) => [lower(s.value.id), s]));
  if (sourceWithTicketTypes.length === 0) throw new Error(`derived.json: no recorded showtimes at source site ${rule.sourceSiteId}`);

  const chainFilmIds = new Set((context.filmsByChain.get(lower(rule.targetChainId)) ?? []).map((f) => lower(f.value.id)));
  for (const { value } of sourceWithTicketTypes) {
    if (!Object.hasOwn(rule.films, value.filmId)) throw new Error(`derived.json maps no film for ${value.filmId} (showtime ${value.id})`);
  }
  for (const [from, { filmId, title }] of Object.entries(rule.films)) {
    if (!chainFilmIds.has(lower(filmId))) throw new Error(`derived.json maps film ${from} to ${filmId}, not a film of chain ${rule.targetChainId}`);
    const film = context.filmsByChain.get(lower(rule.targetChainId))?.find((f) => lower(f.value.id) === lower(filmId));
    if (film?.value.title !== title) throw new Error(`derived.json names film ${filmId} "${title}", its record says "${film?.value.title}"`);
  }

  // Each recorded showtime's texts are scanned once, then filled in for every site that gets it.
  type Fill = (values: Readonly<Record<string, string>>) => string;
  const templates = new Map<string, { plainValue: MxShowtime; plain: Fill; withTicketTypes: Fill }>();
  const templateOf = (recordedWith: RawRecord<MxShowtime>) => {
    const id = lower(recordedWith.value.id);
    let template = templates.get(id);
    if (!template) {
      const recordedPlain = plainById.get(id);
      if (!recordedPlain) throw new Error(`Recorded showtime ${recordedWith.value.id} has ticket types but is not in the plain list`);
      template = {
        plainValue: recordedPlain.value,
        plain: rawMemberTemplate(recordedPlain.raw, DERIVED_MEMBERS),
        withTicketTypes: rawMemberTemplate(recordedWith.raw, DERIVED_MEMBERS),
      };
      templates.set(id, template);
    }
    return template;
  };

  const recordedIds = new Set([...recorded.showtimes, ...recorded.withTicketTypes].map((s) => lower(s.value.id)));
  const sourceOf = new Map<string, string>();
  const showtimes: RawRecord<MxShowtime>[] = [];
  const withTicketTypes: RawRecord<MxShowtime>[] = [];
  for (const { siteId, screenIds } of rule.sites) {
    const site = context.siteById.get(lower(siteId))?.value;
    if (!site || lower(site.cinemaChainId) !== lower(rule.targetChainId)) {
      throw new Error(`derived.json: target site ${siteId} is not a site of chain ${rule.targetChainId}`);
    }
    const offset = site.timeZone?.currentOffsetFromUtcInHours;
    if (typeof offset !== 'number' || !Number.isFinite(offset)) throw new Error(`Site ${siteId} has no UTC offset`);
    const screens = new Set(screenIds);
    const before = showtimes.length;
    for (const recordedWith of sourceWithTicketTypes) {
      const source = recordedWith.value;
      if (source.screenId === null || !screens.has(source.screenId)) continue;
      const id = derivedShowtimeId(site.id, source.id);
      if (recordedIds.has(id) || sourceOf.has(id)) throw new Error(`Derived showtime id ${id} is not unique`);
      sourceOf.set(id, lower(source.id));
      const filmId = rule.films[source.filmId].filmId;
      const changed = {
        id,
        startTimeUtc: localToUtc(source.startTime, offset),
        siteId: site.id,
        cinemaChainId: site.cinemaChainId,
        filmId,
        cinemaChainFilmId: filmId,
      };
      const rawValues: Record<string, string> = {};
      for (const key of DERIVED_MEMBERS) rawValues[key] = JSON.stringify(changed[key]);
      const template = templateOf(recordedWith);
      // The values are the recorded ones with the same members changed: what parsing the copy would give.
      showtimes.push({ value: { ...template.plainValue, ...changed }, raw: template.plain(rawValues) });
      withTicketTypes.push({ value: { ...source, ...changed }, raw: template.withTicketTypes(rawValues) });
    }
    if (showtimes.length === before) throw new Error(`derived.json gives site ${siteId} no showtimes (screens ${screenIds.join(', ')})`);
  }
  return { showtimes, withTicketTypes, sourceOf };
}
