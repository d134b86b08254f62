// The fields that matter of each MX record, one line per record, for the tool results. Every value
// is read as an own property (a `__proto__` key in an answer is just a key) and shown through
// resultText's quoting, so whatever MX sends stays data. vscode-free.
import { field, idText, numberText, quoted, timeText } from './resultText';

export function chainRow(chain: unknown): string {
  return `${quoted(field(chain, 'name'))} · country ${quoted(field(chain, 'countryCode'), 8)} · id ${idText(field(chain, 'id'))}`;
}

export function siteRow(site: unknown): string {
  const city = field(field(site, 'address'), 'city');
  const zone = field(field(site, 'timeZone'), 'ianaName');
  return `${quoted(field(site, 'name'))} · city ${quoted(city, 40)} · time zone ${quoted(zone, 40)} · id ${idText(field(site, 'id'))}`;
}

export function filmRow(film: unknown): string {
  const runtime = field(film, 'runtime');
  return [
    quoted(field(film, 'title')),
    `rated ${quoted(field(film, 'classification'), 12)}`,
    `released ${timeText(field(film, 'releaseDate')).slice(0, 10)}`,
    typeof runtime === 'number' ? `${numberText(runtime)} min` : 'runtime —',
    `id ${idText(field(film, 'id'))}`,
  ].join(' · ');
}

/** A film title by film id, from the chain's film list (own keys only). */
export type FilmTitles = ReadonlyMap<string, unknown>;

export function filmTitles(films: unknown): FilmTitles {
  const titles = new Map<string, unknown>();
  if (Array.isArray(films)) {
    for (const film of films) {
      const id = field(film, 'id');
      if (typeof id === 'string') titles.set(id.toLowerCase(), field(film, 'title'));
    }
  }
  return titles;
}

export function showtimeRow(showtime: unknown, titles: FilmTitles | undefined): string {
  const filmId = field(showtime, 'filmId');
  const title = typeof filmId === 'string' ? titles?.get(filmId.toLowerCase()) : undefined;
  const seats = field(showtime, 'seatsAvailable');
  return [
    timeText(field(showtime, 'startTime')),
    quoted(field(showtime, 'screenName'), 30),
    title !== undefined ? quoted(title, 60) : `film ${idText(filmId)}`,
    ...(typeof seats === 'number' ? [`~${numberText(seats)} seats free`] : []),
    `showtime ${idText(field(showtime, 'id'))}`,
  ].join(' · ');
}

/** The legend under a showtime list: each film shown, once, with its id. */
export function filmLegend(showtimes: readonly unknown[], titles: FilmTitles | undefined): string[] {
  const seen = new Map<string, unknown>();
  for (const showtime of showtimes) {
    const filmId = field(showtime, 'filmId');
    if (typeof filmId === 'string' && !seen.has(filmId)) seen.set(filmId, titles?.get(filmId.toLowerCase()));
  }
  return [...seen].map(([id, title]) => `${title !== undefined ? quoted(title, 60) : '(film not in the chain\'s list)'} = film ${idText(id)}`);
}

/** Showtimes per site-local day, e.g. `2021-04-24: 40, 2021-04-25: 61`, at most `maxDays` days. */
export function perDay(showtimes: readonly unknown[], maxDays = 31): string {
  const counts = new Map<string, number>();
  for (const showtime of showtimes) {
    const start = field(showtime, 'startTime');
    const day = typeof start === 'string' && /^\d{4}-\d{2}-\d{2}/.test(start) ? start.slice(0, 10) : 'unknown date';
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const days = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shown = days.slice(0, maxDays).map(([day, n]) => `${day}: ${n}`);
  return `${shown.join(', ')}${days.length > maxDays ? `, … (${days.length - maxDays} more days)` : ''}`;
}

/** An order: the lines that matter (totals, expiry, per showtime its tickets and seats). */
export function orderLines(order: unknown): string[] {
  const lines = [
    `order ${idText(field(order, 'id'))} · chain ${idText(field(order, 'cinemaChainId'))}`,
    `total ${numberText(field(order, 'totalPrice'))} · booking fee ${numberText(field(order, 'bookingFee'))} · hold expires ${quoted(field(order, 'expirationTimeUtc'), 40)} (UTC)`,
  ];
  const showtimes = field(order, 'showtimes');
  for (const showtime of Array.isArray(showtimes) ? showtimes.slice(0, 20) : []) {
    const tickets = field(showtime, 'groupedTickets');
    const ticketText = (Array.isArray(tickets) ? tickets.slice(0, 20) : [])
      .map((t) => `${numberText(field(t, 'quantity'))} × ${quoted(field(t, 'ticketTypeDescription'), 40)} at ${numberText(field(t, 'priceEach'))}`)
      .join(', ');
    const seats = field(showtime, 'seats');
    const seatText = (Array.isArray(seats) ? seats.slice(0, 50) : []).map((s) => quoted(`${String(field(s, 'rowName') ?? '')}${String(field(s, 'seatName') ?? '')}`, 12)).join(' ');
    lines.push(
      `showtime ${idText(field(showtime, 'showtimeId'))} at site ${idText(field(showtime, 'siteId'))}: ${ticketText || 'no tickets'}; seats ${seatText || '—'}`,
    );
  }
  return lines;
}
