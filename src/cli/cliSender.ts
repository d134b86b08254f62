// Sends one request of a `.http` file for the headless runner, the way the editor's sender does
// (src/ui/httpRequestSender.ts + the panel's host): the pure send plan decides what may be sent
// (httpSendPlan.ts), the request runner puts it through the one pipeline with the session's client
// (or, for another origin, with no credentials), and the answer becomes the exchange that checks
// and request variables read. Where the editor asks first (`# @note`, a call that acts on orders
// or seats) nobody can answer in CI: such a request is sent only with --allow-changes (and on the
// Production API only with --allow-production-changes too); otherwise it is skipped, saying why.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ProfileEnvironment } from '../auth/profiles';
import { exchangeFrom, type ExchangeStore } from '../httpFiles/httpExchange';
import type { HttpRequestBlock } from '../httpFiles/httpParser';
import { planSend } from '../httpFiles/httpSendPlan';
import type { SentRequest } from '../httpFiles/httpTestRun';
import type { VariableSources } from '../httpFiles/httpVariables';
import { type RequestRunner, seatHoldingEndpoint } from '../panel/requestRunner';
import { seatConfirmation } from '../panel/seatConfirmation';

export interface ChangePolicy {
  readonly allowChanges: boolean;
  readonly allowProductionChanges: boolean;
}

export class CliSender {
  constructor(
    private readonly runner: Pick<RequestRunner, 'prepare' | 'preparePlain' | 'send'>,
    private readonly environment: ProfileEnvironment,
    private readonly policy: ChangePolicy,
    private readonly exchanges: ExchangeStore,
  ) {}

  /** Sends `request` of `file` (an absolute path); never throws. */
  async send(file: string, request: HttpRequestBlock, sources: VariableSources): Promise<SentRequest> {
    const bodyFileText = request.body?.kind === 'file' ? await readFile(path.resolve(path.dirname(file), request.body.path), 'utf8').catch(() => undefined) : undefined;
    const { environment } = this;
    const plan = planSend(request, { trusted: true, profile: { apiUrl: environment.apiUrl, authUrl: environment.authUrl }, sources, ...(bodyFileText !== undefined ? { bodyFileText } : {}) });
    if (plan.kind !== 'send') return notSent(plan.kind, plan.message);
    const prepared = plan.credentials === 'none' ? this.runner.preparePlain(plan.draft) : this.runner.prepare(plan.draft);
    if (!prepared.ok) return notSent(prepared.kind, prepared.message);
    const endpoint = seatHoldingEndpoint(prepared, plan.draft);
    const question = plan.note ?? (endpoint ? seatConfirmation(endpoint.title, environment) : undefined);
    const refusal = question === undefined ? undefined : this.refusal(question);
    if (refusal) return notSent('declined', refusal);
    const outcome = await this.runner.send(prepared);
    if (!outcome.ok) return notSent(outcome.kind, outcome.message);
    const exchange = exchangeFrom(plan.draft, outcome.summary);
    if (request.name !== undefined) this.exchanges.set(file, request.name, exchange);
    const { status, statusText, durationMs } = outcome.summary;
    return { send: { sent: true, status, statusText, durationMs }, exchange };
  }

  /** Why a request the editor would ask about is not sent here; undefined when the flags allow it. */
  private refusal(question: string): string | undefined {
    const production = this.environment.kind === 'production';
    if (this.policy.allowChanges && (!production || this.policy.allowProductionChanges)) return undefined;
    const flags = production ? '--allow-changes --allow-production-changes (this is the Production API)' : '--allow-changes';
    return `Skipped in CI (pass ${flags} to send it): in the editor this request asks first: ${question}`;
  }
}

function notSent(kind: string, message: string): SentRequest {
  return { send: { sent: false, kind, message } };
}
