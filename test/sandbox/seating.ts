// An INVENTED screen layout (MX's seat-layout format was neither recorded nor excerpted): one
// area, rows A (front) to M (back), seats 1–21, sized so the recorded order's seats M17–M21 exist.
import type { MxShowtime } from './fixtureFormat';

const ROWS = 'ABCDEFGHIJKLM'.split('');
const SEATS_PER_ROW = 21;

/** Seats taken by orders placed in this sandbox, per showtime, as `row-seat`. */
export type TakenSeats = Map<string, Set<string>>;

export interface AllocatedSeat {
  readonly rowName: string;
  readonly seatName: string;
}

function takenFor(taken: TakenSeats, showtimeId: string): Set<string> {
  let seats = taken.get(showtimeId);
  if (!seats) taken.set(showtimeId, (seats = new Set()));
  return seats;
}

export function seatLayout(showtime: MxShowtime, areaCategoryCode: string, taken: TakenSeats): object {
  const sold = takenFor(taken, showtime.id.toLowerCase());
  return {
    showtimeId: showtime.id,
    siteId: showtime.siteId,
    screenId: showtime.screenId,
    screenName: showtime.screenName,
    areas: [
      {
        areaCategoryCode,
        description: 'Standard',
        rows: ROWS.map((rowName) => ({
          rowName,
          seats: Array.from({ length: SEATS_PER_ROW }, (_, i) => {
            const seatName = String(i + 1);
            return { seatName, status: sold.has(`${rowName}-${seatName}`) ? 'Sold' : 'Available' };
          }),
        })),
      },
    ],
  };
}

/**
 * Takes `count` seats in one row, back row first, highest seat numbers first (the recorded order
 * got M21 down to M17); undefined when no row has room, MX's error 41002.
 */
export function allocateSeats(showtimeId: string, count: number, taken: TakenSeats): AllocatedSeat[] | undefined {
  const sold = takenFor(taken, showtimeId.toLowerCase());
  for (const rowName of [...ROWS].reverse()) {
    const free: AllocatedSeat[] = [];
    for (let seat = SEATS_PER_ROW; seat >= 1 && free.length < count; seat--) {
      if (!sold.has(`${rowName}-${seat}`)) free.push({ rowName, seatName: String(seat) });
    }
    if (free.length === count) {
      for (const s of free) sold.add(`${s.rowName}-${s.seatName}`);
      return free;
    }
  }
  return undefined;
}
