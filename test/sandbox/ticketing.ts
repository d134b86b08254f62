// Orders and seats. Creating an order follows the recorded exchange's shape; orders live for the
// life of the sandbox, next to the recorded one. Callers have already checked the chain exists.
import { randomUUID } from 'node:crypto';
import { Reply, emptyReply, jsonReply } from './http';
import { invalidRequest, mxError, notFound } from './mxErrors';
import type { MxData, MxOrderRecord } from './fixtures';
import type { MxShowtime, MxTicketType } from './fixtureFormat';
import { RawRecord, rawRecord } from './rawJson';
import { TakenSeats, allocateSeats, seatLayout } from './seating';

interface OrderLine {
  readonly showtimeId: string;
  readonly id: string;
  readonly quantity: number;
}

/** How long MX holds an order: the recorded one expired about 7 minutes after it was made. */
const ORDER_HOLD_MS = 7 * 60_000;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isOrderLine(line: unknown): line is OrderLine {
  const l = line as Partial<OrderLine> | null;
  return typeof l?.showtimeId === 'string' && typeof l.id === 'string' && Number.isInteger(l.quantity) && (l.quantity ?? 0) > 0;
}

/** MX writes times with 7 fractional digits and a Z, e.g. 2021-04-23T15:59:36.8976107Z. */
function mxUtc(time: number): string {
  return new Date(time).toISOString().replace(/Z$/, '0000Z');
}

export class Ticketing {
  private readonly orders = new Map<string, RawRecord<MxOrderRecord>>();
  private readonly taken: TakenSeats = new Map();

  constructor(
    private readonly data: MxData,
    private readonly now: () => number,
  ) {
    for (const order of data.recordedOrders) this.orders.set(order.value.id.toLowerCase(), order);
  }

  private showtimeOfChain(chainId: string, showtimeId: string): MxShowtime | undefined {
    const showtime = this.data.showtimeById.get(showtimeId.toLowerCase())?.value;
    return showtime?.cinemaChainId.toLowerCase() === chainId.toLowerCase() ? showtime : undefined;
  }

  createOrder(chainId: string, body: string): Reply {
    const request = parseJson(body) as { ticketTypes?: unknown; items?: unknown } | undefined;
    const lines = request?.ticketTypes;
    if (!Array.isArray(lines) || lines.length === 0 || !lines.every(isOrderLine)) {
      return invalidRequest('ticketTypes must be a non-empty list of {showtimeId, id, quantity}.');
    }
    if (Array.isArray(request?.items) && request.items.length > 0) return invalidRequest('The MX sandbox does not sell items.');

    const groups = new Map<string, { showtime: MxShowtime; tickets: Map<string, { type: MxTicketType; quantity: number }> }>();
    for (const line of lines) {
      const showtime = this.showtimeOfChain(chainId, line.showtimeId);
      if (!showtime) return invalidRequest(`Showtime [${line.showtimeId}] not found for this cinema chain.`);
      const type = this.data.ticketTypesByShowtime.get(showtime.id.toLowerCase())?.find((t) => t.value.id === line.id)?.value;
      if (!type) return invalidRequest(`Ticket type [${line.id}] is not on sale for showtime [${line.showtimeId}].`);
      const group = groups.get(showtime.id) ?? { showtime, tickets: new Map() };
      groups.set(showtime.id, group);
      const previous = group.tickets.get(type.id)?.quantity ?? 0;
      group.tickets.set(type.id, { type, quantity: previous + line.quantity });
    }

    let nextTicketId = 1;
    let totalPrice = 0;
    const showtimes = [];
    for (const { showtime, tickets } of groups.values()) {
      const groupedTickets = [...tickets.values()].map(({ type, quantity }) => {
        totalPrice += type.price * quantity;
        const ticketIds = Array.from({ length: quantity }, () => nextTicketId++);
        return { ticketTypeId: type.id, quantity, ticketTypeDescription: type.description, priceEach: type.price, ticketIds, isPackageTicket: type.isPackageTicket };
      });
      const ticketIds = groupedTickets.flatMap((g) => g.ticketIds);
      const seats = showtime.isAllocatedSeating ? allocateSeats(showtime.id, ticketIds.length, this.taken) : [];
      if (!seats) return mxError(400, 41002, 'Seats could not be automatically allocated in a single row.', 'Seats could not be allocated.');
      showtimes.push({
        showtimeId: showtime.id,
        siteId: showtime.siteId,
        groupedTickets,
        seats: seats.map((seat, i) => ({ ...seat, ticketId: ticketIds[i] })),
        seatsRequireSelection: false,
      });
    }
    const order = rawRecord({
      id: randomUUID(),
      cinemaChainId: this.data.chainById.get(chainId.toLowerCase())?.value.id ?? chainId,
      totalPrice: Math.round(totalPrice * 100) / 100,
      bookingFee: 0,
      showtimes,
      expirationTimeUtc: mxUtc(this.now() + ORDER_HOLD_MS),
    });
    this.orders.set(order.value.id, order);
    return jsonReply(200, order.raw);
  }

  getOrder(chainId: string, orderId: string): Reply {
    const order = this.orders.get(orderId.toLowerCase());
    if (!order || order.value.cinemaChainId.toLowerCase() !== chainId.toLowerCase()) return notFound();
    return jsonReply(200, order.raw);
  }

  /** 204 for any order id: the recording got 204 even for an order it had not created. */
  setCustomer(body: string): Reply {
    const customer = parseJson(body);
    if (typeof customer !== 'object' || customer === null || Array.isArray(customer)) {
      return invalidRequest('The customer details must be a JSON object.');
    }
    return emptyReply(204);
  }

  seats(chainId: string, showtimeId: string): Reply {
    const showtime = this.showtimeOfChain(chainId, showtimeId);
    if (!showtime) return notFound();
    const area = this.data.ticketTypesByShowtime.get(showtime.id.toLowerCase())?.[0]?.value.areaCategoryCode ?? '0000000001';
    return jsonReply(200, JSON.stringify(seatLayout(showtime, area, this.taken)));
  }
}
