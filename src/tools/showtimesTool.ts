// mx_list_showtimes: a site's showtimes in a window of the site's local time, optionally of one
// film, with film titles from the chain's film list. Three reference-data calls at most (the
// showtimes, the site for its time zone, the chain's films for titles), each from the 30-minute
// cache when fresh; only the showtimes are needed, the other two only make the answer better.
// vscode-free.
import { fetchFromMx, type ToolEnvironment, type ToolSession } from './toolFetch';
import type { ListShowtimesInput } from './toolInputs';
import { field, idText, MAX_ROWS, quoted, renderTable } from './resultText';
import { inWindow, localWindow, siteClock } from './showtimeWindow';
import { filmLegend, filmTitles, perDay, showtimeRow } from './summarisers';
import type { ToolOutcome } from './mxTools';

const REFERENCE = '/mxs/reference-data/v1';

export async function listShowtimes(env: ToolEnvironment, session: ToolSession, input: ListShowtimesInput, signal?: AbortSignal): Promise<ToolOutcome> {
  const path = `${REFERENCE}/sites/${input.siteId}/showtimes`;
  const showtimes = await fetchFromMx(env, session, { method: 'GET', path, reference: true }, signal);
  if (!showtimes.ok) return { kind: 'failed', text: showtimes.message };
  if (!Array.isArray(showtimes.json)) return { kind: 'failed', text: `MX answered GET ${path} with JSON that is not a list.` };
  const all: readonly unknown[] = showtimes.json;

  const site = await fetchFromMx(env, session, { method: 'GET', path: `${REFERENCE}/sites/${input.siteId}`, reference: true }, signal);
  const siteRecord = site.ok ? site.json : undefined;
  const zone = field(siteRecord, 'timeZone');
  const offset = field(zone, 'currentOffsetFromUtcInHours');
  const ianaName = field(zone, 'ianaName');
  const clock = siteClock(env.now(), typeof ianaName === 'string' ? ianaName : undefined, typeof offset === 'number' ? offset : offsetOf(all[0]));
  const window = localWindow(input.from, input.to, clock);
  if (!window.ok) return { kind: 'invalidInput', text: `${window.reason} Nothing else was sent.` };

  const filmId = input.filmId?.toLowerCase();
  const matching = all
    .filter((s) => {
      const start = field(s, 'startTime');
      if (typeof start !== 'string' || !inWindow(start, window.window)) return false;
      const film = field(s, 'filmId');
      return filmId === undefined || (typeof film === 'string' && film.toLowerCase() === filmId);
    })
    .sort((a, b) => compare(String(field(a, 'startTime')), String(field(b, 'startTime'))));

  const chainId = field(siteRecord, 'cinemaChainId') ?? field(all[0], 'cinemaChainId');
  const films = typeof chainId === 'string' && idText(chainId) === chainId && matching.length > 0
    ? await fetchFromMx(env, session, { method: 'GET', path: `${REFERENCE}/cinema-chains/${chainId}/films`, reference: true }, signal)
    : undefined;
  const titles = films?.ok ? filmTitles(films.json) : undefined;

  const siteName = field(siteRecord, 'name');
  const notes = [
    `Site ${siteName !== undefined ? `${quoted(siteName)} ` : ''}(${input.siteId}); times are the site's local time${clock ? `, time zone ${quoted(clock.zone, 40)}, where it is now ${clock.now.replace('T', ' ')}` : ''}.`,
    `Window: ${window.window.label}${input.filmId ? `; film ${input.filmId}` : ''}.`,
  ];
  if (matching.length > 0) notes.push(`Per day: ${perDay(matching)}.`);
  if (matching.length === 0 && all.length > 0) notes.push(`The site has ${all.length} showtimes in all, per day: ${perDay(all)}.`);
  if (films && !films.ok) notes.push('Film titles are missing: the chain\'s film list could not be read.');
  const footer = matching.length > 0 ? [`Films shown: ${filmLegend(matching.slice(0, MAX_ROWS), titles).join('; ')}.`] : [];

  const text = renderTable(
    {
      what: `${matching.length} showtime${matching.length === 1 ? '' : 's'} at site ${input.siteId}${matching.length < all.length ? ` (of ${all.length})` : ''}, earliest first`,
      provenance: { environment: session.profile.environment.name, request: `GET ${path}`, fetchedAt: showtimes.fetchedAt, fromCache: showtimes.fromCache, ttlMs: env.cache.ttlMs },
      notes,
      rows: matching.map((s) => showtimeRow(s, titles)),
      narrowHint: 'Give from/to (site-local dates or times) or a filmId to narrow the list.',
      footer,
    },
    env.now(),
  );
  return { kind: 'ok', text };
}

/** Hours between a showtime's local `startTime` and its `startTimeUtc` (which MX sends without a Z). */
function offsetOf(showtime: unknown): number | undefined {
  const local = field(showtime, 'startTime');
  const utc = field(showtime, 'startTimeUtc');
  if (typeof local !== 'string' || typeof utc !== 'string') return undefined;
  const asUtc = (text: string): number => Date.parse(`${text.slice(0, 19)}Z`);
  const hours = (asUtc(local) - asUtc(utc)) / 3_600_000;
  return Number.isFinite(hours) ? hours : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
