// What the committed fixture files contain and where they live; shared by the extractor that
// writes them and the sandbox that reads them.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface MxChain {
  readonly id: string;
  readonly name: string;
}

export interface MxSite {
  readonly id: string;
  readonly name: string;
  readonly cinemaChainId: string;
  readonly timeZone?: { readonly currentOffsetFromUtcInHours?: number };
}

export interface MxFilm {
  readonly id: string;
  readonly title: string;
  readonly releaseDate?: string;
}

export interface MxTicketType {
  readonly id: string;
  readonly areaCategoryCode: string;
  readonly description: string;
  readonly price: number;
  readonly isPackageTicket: boolean;
}

export interface MxShowtime {
  readonly id: string;
  readonly screenId: number | null;
  readonly screenName: string;
  readonly startTime: string;
  readonly startTimeUtc: string;
  readonly isAllocatedSeating: boolean;
  readonly siteId: string;
  readonly cinemaChainId: string;
  readonly filmId: string;
  readonly cinemaChainFilmId?: string;
  readonly ticketTypes?: readonly MxTicketType[];
}

/**
 * One recorded exchange. In the file, `body` holds the records exactly as MX sent them, one
 * array element per line, so the sandbox can serve them byte for byte.
 */
export interface RecordedExchange {
  readonly recording: string;
  readonly recordedAt: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly requestBody?: unknown;
}

/** A recorded error exchange; its body is kept as text because some are empty. */
export interface RecordedError extends RecordedExchange {
  readonly name: 'chainNotFound' | 'siteNotFound' | 'showtimeNotFound' | 'wrongPath';
  readonly body: string;
}

/** A record the recordings imply but do not contain; `why` says what it was derived from. */
export interface DerivedRecord<T> {
  readonly why: string;
  readonly record: T;
}

/**
 * How the sandbox derives showtimes for a chain that has recorded sites but no recorded showtimes:
 * it copies the recorded showtimes of one site to each target site at load time (see
 * derivedShowtimes.ts), rather than this file holding thousands of copies.
 */
export interface DerivedShowtimes {
  readonly why: string;
  /** The site whose recorded showtimes (with their ticket types) are copied. */
  readonly sourceSiteId: string;
  readonly targetChainId: string;
  /** Film id in the source showtimes → the recorded film of the target chain that replaces it (title for readers). */
  readonly films: Readonly<Record<string, { readonly filmId: string; readonly title: string }>>;
  /** Each target site (a recorded site of the target chain) and the recorded screens whose showtimes it gets. */
  readonly sites: readonly { readonly siteId: string; readonly screenIds: readonly number[] }[];
}

export interface DerivedFixtures {
  readonly note: string;
  readonly sites: readonly DerivedRecord<MxSite>[];
  /** Chain id → ids of that chain's films, for chains whose film list was not recorded. */
  readonly chainFilms: Readonly<Record<string, { why: string; filmIds: string[] }>>;
  readonly films: readonly DerivedRecord<MxFilm>[];
  readonly showtimes: DerivedShowtimes;
}

export const FIXTURE_FILES = {
  chains: 'chains.json',
  sites: 'sites.json',
  films: 'films.json',
  showtimes: 'showtimes.json',
  showtimesWithTicketTypes: 'showtimes-with-ticket-types.json',
  ticketTypes: 'ticket-types.json',
  orders: 'orders.json',
  errors: 'errors.json',
  derived: 'derived.json',
} as const;

/**
 * The repository root, found by walking up from here: tsc puts this file in out/test/sandbox and
 * a bundler may put it elsewhere, while the fixtures stay in test/sandbox/fixtures.
 */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'sandbox'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No repository root (package.json + test/sandbox) above ${from}`);
  }
}

export function fixturesDir(): string {
  return path.join(findRepoRoot(), 'test', 'sandbox', 'fixtures');
}
