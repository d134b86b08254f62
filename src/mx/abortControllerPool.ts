// Idle AbortControllers kept for the next HTTP exchange. Measured on Node 20 against the local
// sandbox: giving node-fetch a fresh AbortSignal costs ~15 µs per request (creating the signal
// and node-fetch's first use of it), as much as all of MX Explorer's own per-request work, while a
// reused one costs ~4 µs. A controller is reused only when it is safe to: never aborted, and no
// listener left on its signal (node-fetch removes its own when the exchange has ended).

import { getEventListeners } from 'node:events';

/** Enough for the concurrency of a busy panel or a burst; more would only hold memory. */
const MAX_IDLE = 32;

const idle: AbortController[] = [];

export function takeAbortController(): AbortController {
  return idle.pop() ?? new AbortController();
}

/** Hands a controller back once its exchange is over; one that cannot be reused is dropped. */
export function returnAbortController(controller: AbortController): void {
  if (idle.length < MAX_IDLE && !controller.signal.aborted && getEventListeners(controller.signal, 'abort').length === 0) {
    idle.push(controller);
  }
}

/** How many controllers wait for reuse (for tests). */
export function idleAbortControllers(): number {
  return idle.length;
}
