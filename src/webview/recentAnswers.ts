// The last answers the panel showed, by responseId, as many as the host keeps explorable: a
// history entry restores its answer from here.
import type { ResponseSummary } from '../protocol';

/** As many as the host's request runner keeps (src/panel/requestRunner.ts KEPT_RESPONSES). */
const KEPT = 5;

export class RecentAnswers {
  private readonly byId = new Map<string, ResponseSummary>();

  add(response: ResponseSummary): void {
    this.byId.delete(response.responseId);
    this.byId.set(response.responseId, response);
    for (const id of this.byId.keys()) {
      if (this.byId.size <= KEPT) break;
      this.byId.delete(id);
    }
  }

  get(responseId: string): ResponseSummary | undefined {
    return this.byId.get(responseId);
  }
}
