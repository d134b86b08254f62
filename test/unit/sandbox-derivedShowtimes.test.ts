import * as assert from 'node:assert/strict';
import { deriveShowtimes, derivedShowtimeId, localToUtc, uuidV5, type DerivationContext } from '../sandbox/derivedShowtimes';
import type { DerivedShowtimes, MxFilm, MxShowtime, MxSite } from '../sandbox/fixtureFormat';
import { RawRecord, rawRecords } from '../sandbox/rawJson';

const SOURCE_SITE = 'aaaaaaaa-0000-0000-0000-000000000001';
const SOURCE_CHAIN = 'cccccccc-0000-0000-0000-000000000001';
const TARGET_SITE = 'bbbbbbbb-0000-0000-0000-000000000002';
const TARGET_CHAIN = 'dddddddd-0000-0000-0000-000000000002';
const OTHER_SITE = 'bbbbbbbb-0000-0000-0000-000000000003';

const showtime = (id: string, screenId: number, filmId: string, ticketTypes: boolean): string =>
  (ticketTypes ? '{"ticketTypes":[{"id":"0001","price":12.0}],"lastUpdatedTicketTypesUtc":"2021-04-17T04:00:37.5391823Z",' : '{') +
  `"id":"${id}","screenId":${screenId},"startTime":"2021-04-26T20:35:00","startTimeUtc":"2021-04-26T10:35:00",` +
  `"siteId":"${SOURCE_SITE}","cinemaChainId":"${SOURCE_CHAIN}","filmId":"${filmId}","cinemaChainFilmId":"ffffffff-0000-0000-0000-00000000000${screenId}","lastUpdatedUtc":"2021-04-17T00:00:30.02"}`;

const recorded = (withTicketTypes: boolean): RawRecord<MxShowtime>[] =>
  rawRecords<MxShowtime>(`[${showtime('11111111-0000-0000-0000-000000000001', 1, 'film-a', withTicketTypes)},${showtime('11111111-0000-0000-0000-000000000002', 2, 'film-b', withTicketTypes)}]`);

const site = (id: string, chain: string, offset: number): RawRecord<MxSite> => ({
  value: { id, name: id, cinemaChainId: chain, timeZone: { currentOffsetFromUtcInHours: offset } },
  raw: '',
});

const context: DerivationContext = {
  siteById: new Map([
    [TARGET_SITE, site(TARGET_SITE, TARGET_CHAIN, -7)],
    [OTHER_SITE, site(OTHER_SITE, SOURCE_CHAIN, 10)],
  ]),
  filmsByChain: new Map<string, RawRecord<MxFilm>[]>([
    [TARGET_CHAIN, [{ value: { id: 'film-x', title: 'X' }, raw: '' }, { value: { id: 'film-y', title: 'Y' }, raw: '' }]],
  ]),
};

const rule = (overrides: Partial<DerivedShowtimes> = {}): DerivedShowtimes => ({
  why: 'test',
  sourceSiteId: SOURCE_SITE,
  targetChainId: TARGET_CHAIN,
  films: { 'film-a': { filmId: 'film-x', title: 'X' }, 'film-b': { filmId: 'film-y', title: 'Y' } },
  sites: [{ siteId: TARGET_SITE, screenIds: [2] }],
  ...overrides,
});

describe('MX sandbox derived showtimes', () => {
  it('makes name-based UUIDs (version 5) like other implementations', () => {
    // RFC 9562's DNS namespace example, as Python's uuid.uuid5 gives it.
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // The first derived showtime of the first Veezi site, as uuid.uuid5(UUID(site), recorded id) gives it.
    assert.equal(
      derivedShowtimeId('e00aee11-d135-484c-ee73-08d51f55f8d5', '83bf2953-dc25-4d2b-fec3-08d8fef9d29d'),
      '85b762c6-83dd-5c0a-88f4-a9720c88ebd8',
    );
    assert.equal(derivedShowtimeId('E00AEE11-D135-484C-EE73-08D51F55F8D5', '83BF2953-DC25-4D2B-FEC3-08D8FEF9D29D'), '85b762c6-83dd-5c0a-88f4-a9720c88ebd8');
    assert.throws(() => uuidV5('x', 'not-a-uuid'), /Not a UUID/);
  });

  it('turns a site-local start into UTC in the recorded form', () => {
    assert.equal(localToUtc('2021-04-26T20:35:00', -7), '2021-04-27T03:35:00');
    assert.equal(localToUtc('2021-04-26T20:35:00', 10), '2021-04-26T10:35:00');
    assert.equal(localToUtc('2021-04-26T20:35:00', 5.5), '2021-04-26T15:05:00');
    assert.throws(() => localToUtc('2021-04-26T20:35:00Z', -7), /Unexpected local time/);
  });

  it('copies the chosen screens to the target site, replacing only id, site, chain, film and UTC start', () => {
    const derived = deriveShowtimes(rule(), { showtimes: recorded(false), withTicketTypes: recorded(true) }, context);
    const id = derivedShowtimeId(TARGET_SITE, '11111111-0000-0000-0000-000000000002');
    const members =
      `"id":"${id}","screenId":2,"startTime":"2021-04-26T20:35:00","startTimeUtc":"2021-04-27T03:35:00",` +
      `"siteId":"${TARGET_SITE}","cinemaChainId":"${TARGET_CHAIN}","filmId":"film-y","cinemaChainFilmId":"film-y","lastUpdatedUtc":"2021-04-17T00:00:30.02"}`;
    assert.deepEqual(
      derived.showtimes.map((s) => s.raw),
      [`{${members}`],
    );
    assert.deepEqual(
      derived.withTicketTypes.map((s) => s.raw),
      [`{"ticketTypes":[{"id":"0001","price":12.0}],"lastUpdatedTicketTypesUtc":"2021-04-17T04:00:37.5391823Z",${members}`],
    );
    assert.equal(derived.showtimes[0].value.id, id);
    assert.equal(derived.withTicketTypes[0].value.ticketTypes?.[0].price, 12);
  });

  it('refuses a rule that does not fit the fixtures', () => {
    const lists = { showtimes: recorded(false), withTicketTypes: recorded(true) };
    const cases: [string, DerivedShowtimes, RegExp][] = [
      ['an unmapped film', rule({ films: { 'film-b': { filmId: 'film-y', title: 'Y' } } }), /maps no film for film-a/],
      ['a film of another chain', rule({ films: { 'film-a': { filmId: 'film-z', title: 'Z' }, 'film-b': { filmId: 'film-y', title: 'Y' } } }), /not a film of chain/],
      ['a title that differs from the record', rule({ films: { 'film-a': { filmId: 'film-x', title: 'Y' }, 'film-b': { filmId: 'film-y', title: 'Y' } } }), /its record says "X"/],
      ['a site of another chain', rule({ sites: [{ siteId: OTHER_SITE, screenIds: [1] }] }), /not a site of chain/],
      ['an unknown site', rule({ sites: [{ siteId: 'unknown', screenIds: [1] }] }), /not a site of chain/],
      ['a site left without showtimes', rule({ sites: [{ siteId: TARGET_SITE, screenIds: [9] }] }), /no showtimes/],
      ['a source site without showtimes', rule({ sourceSiteId: OTHER_SITE }), /no recorded showtimes/],
    ];
    for (const [name, bad, error] of cases) assert.throws(() => deriveShowtimes(bad, lists, context), error, name);
  });
});
