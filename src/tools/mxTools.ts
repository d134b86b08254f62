// The MX agent tools, vscode-free: check the input, ask nothing (the VS Code surface asks, see
// toolPolicy), fetch through the one pipeline, shape a result that fits a model's context. A tool
// never calls another tool, never prompts, never throws, and its result never holds a secret: the
// text goes through the session's Redactor last, whatever it says.
import { explainError } from './explainError';
import { fetchFromMx, NOT_SIGNED_IN, type ToolEnvironment, type ToolSession } from './toolFetch';
import { checkInput, type ToolInputs } from './toolInputs';
import { confirmationFor, type Confirmation, documentedRequest, type ProfileFacts, sendsToMx } from './toolPolicy';
import { isToolName, type ToolName } from './toolSchemas';
import { listShowtimes } from './showtimesTool';
import { field, MAX_RESULT_CHARS, renderTable } from './resultText';
import { chainRow, filmRow, orderLines, siteRow } from './summarisers';
import { sendRequestResult } from './sendRequestResult';

export type ToolOutcomeKind = 'ok' | 'invalidInput' | 'signedOut' | 'failed';

export interface ToolOutcome {
  readonly kind: ToolOutcomeKind;
  readonly text: string;
}

const DOING: Readonly<Record<ToolName, string>> = {
  mx_list_cinema_chains: 'Listing MX cinema chains',
  mx_list_sites: 'Listing MX sites',
  mx_list_films: 'Listing MX films',
  mx_list_showtimes: 'Listing MX showtimes',
  mx_get_order: 'Reading an MX order',
  mx_explain_error: 'Explaining an MX error (offline)',
  mx_send_request: 'Sending an MX request',
  mx_run_http_request: 'Running a request of a .http file',
};

/** The tool that runs in the `.http` feature (a VS Code surface), not here: see AgentToolsFeature. */
export const HTTP_FILE_TOOL = 'mx_run_http_request';

const REFERENCE = '/mxs/reference-data/v1';
const TICKETING = '/mxt/ticketing/v1';

export class MxTools {
  constructor(private readonly env: ToolEnvironment) {}

  /** The active profile as the confirmation needs it, or undefined when signed out. */
  profileFacts(): ProfileFacts | undefined {
    const session = this.liveSession();
    return session ? { environmentName: session.profile.environment.name, production: session.profile.environment.kind === 'production' } : undefined;
  }

  /**
   * The question to ask before this call (state change, Production), or undefined. Never throws.
   * mx_run_http_request's depends on the file's requests: the `.http` feature asks it.
   */
  confirmation(name: string, input: unknown): Confirmation | undefined {
    if (!isToolName(name) || name === HTTP_FILE_TOOL) return undefined;
    const checked = checkInput(name, input);
    // An invalid call is refused by run() without sending anything: nothing to confirm.
    return checked.ok ? confirmationFor(name, checked.value, this.profileFacts()) : undefined;
  }

  /** A short line for the chat while the tool runs, e.g. `Listing MX showtimes (Staging)`. */
  invocationMessage(name: string): string {
    const doing = isToolName(name) ? DOING[name] : 'Calling an MX tool';
    return sendsToMx(name as ToolName) ? `${doing} (${this.profileFacts()?.environmentName ?? 'not signed in'})` : doing;
  }

  /** Runs the tool; the outcome's text is what the model reads. Never throws. */
  async run(name: string, input: unknown, signal?: AbortSignal): Promise<ToolOutcome> {
    let outcome: ToolOutcome;
    try {
      outcome = await this.runChecked(name, input, signal);
    } catch (error) {
      outcome = { kind: 'failed', text: `The tool failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    return { kind: outcome.kind, text: this.finish(outcome.text) };
  }

  /** Every result's last step: the session's secrets redacted, and the length capped. */
  finish(result: string): string {
    const text = this.env.redactor.redact(result);
    // Every shaper bounds its own text; this is the last guard, whatever a message quoted.
    return text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS - 1)}…` : text;
  }

  /** Whether a profile is signed in (its session not ended). */
  signedIn(): boolean {
    return this.liveSession() !== undefined;
  }

  private async runChecked(name: string, input: unknown, signal: AbortSignal | undefined): Promise<ToolOutcome> {
    if (!isToolName(name)) return { kind: 'invalidInput', text: `Unknown MX tool ${JSON.stringify(String(name).slice(0, 40))}.` };
    const checked = checkInput(name, input);
    if (!checked.ok) return { kind: 'invalidInput', text: `Invalid input for ${name}: ${checked.reason} Nothing was sent.` };
    if (name === 'mx_explain_error') return { kind: 'ok', text: explainError(checked.value as ToolInputs['mx_explain_error']) };
    const session = this.liveSession();
    if (!session) return { kind: 'signedOut', text: NOT_SIGNED_IN };
    if (name === HTTP_FILE_TOOL) return { kind: 'failed', text: `${HTTP_FILE_TOOL} runs in VS Code's .http file support, which is not available here. Nothing was sent.` };
    return this.call(name, checked.value, session, signal);
  }

  private liveSession(): ToolSession | undefined {
    const session = this.env.session();
    return session && session.state.status !== 'ended' ? session : undefined;
  }

  private async call(name: Exclude<ToolName, 'mx_explain_error' | 'mx_run_http_request'>, input: unknown, session: ToolSession, signal: AbortSignal | undefined): Promise<ToolOutcome> {
    const environment = session.profile.environment.name;
    const now = this.env.now();
    const list = async (path: string, what: (total: number) => string, row: (record: unknown) => string, narrowHint?: string, filter?: (record: unknown) => boolean): Promise<ToolOutcome> => {
      const fetched = await fetchFromMx(this.env, session, { method: 'GET', path, reference: true }, signal);
      if (!fetched.ok) return { kind: 'failed', text: fetched.message };
      if (!Array.isArray(fetched.json)) return { kind: 'failed', text: `MX answered GET ${path} with JSON that is not a list.` };
      const records = filter ? fetched.json.filter(filter) : fetched.json;
      const provenance = { environment, request: `GET ${path}`, fetchedAt: fetched.fetchedAt, fromCache: fetched.fromCache, ttlMs: this.env.cache.ttlMs };
      return { kind: 'ok', text: renderTable({ what: what(records.length), provenance, rows: records.map(row), narrowHint }, now) };
    };
    switch (name) {
      case 'mx_list_cinema_chains':
        return list(`${REFERENCE}/cinema-chains`, (n) => `${n} cinema chain${n === 1 ? '' : 's'} available to this account`, chainRow);
      case 'mx_list_sites': {
        const { cinemaChainId } = input as ToolInputs['mx_list_sites'];
        return list(`${REFERENCE}/cinema-chains/${cinemaChainId}/sites`, (n) => `${n} site${n === 1 ? '' : 's'} of cinema chain ${cinemaChainId}`, siteRow);
      }
      case 'mx_list_films': {
        const { cinemaChainId, title } = input as ToolInputs['mx_list_films'];
        const needle = title?.trim().toLowerCase();
        const matches = needle ? (film: unknown) => ownTitle(film).toLowerCase().includes(needle) : undefined;
        return list(
          `${REFERENCE}/cinema-chains/${cinemaChainId}/films`,
          (n) => `${n} film${n === 1 ? '' : 's'} of cinema chain ${cinemaChainId}${needle ? ` whose title contains ${JSON.stringify(title)}` : ''}`,
          filmRow,
          'Give a title to narrow the list.',
          matches,
        );
      }
      case 'mx_list_showtimes':
        return listShowtimes(this.env, session, input as ToolInputs['mx_list_showtimes'], signal);
      case 'mx_get_order': {
        const { cinemaChainId, orderId } = input as ToolInputs['mx_get_order'];
        const path = `${TICKETING}/cinema-chains/${cinemaChainId}/orders/${orderId}`;
        const fetched = await fetchFromMx(this.env, session, { method: 'GET', path, reference: false }, signal);
        if (!fetched.ok) return { kind: 'failed', text: fetched.message };
        const provenance = { environment, request: `GET ${path}`, fetchedAt: fetched.fetchedAt, fromCache: false };
        return { kind: 'ok', text: renderTable({ what: `Order ${orderId} of cinema chain ${cinemaChainId}`, provenance, rows: orderLines(fetched.json) }, now) };
      }
      case 'mx_send_request': {
        const request = input as ToolInputs['mx_send_request'];
        const documented = documentedRequest(request);
        if (!documented.ok) return { kind: 'invalidInput', text: `${documented.reason} Nothing was sent.` };
        const query = request.query.map(([qName, value]) => ({ name: qName, value }));
        const fetched = await fetchFromMx(this.env, session, { method: request.method, path: documented.path, query, body: request.body, reference: false }, signal);
        if (!fetched.ok) return { kind: 'failed', text: fetched.message };
        return { kind: 'ok', text: sendRequestResult(documented.endpoint, request, fetched, environment, now) };
      }
    }
  }
}

function ownTitle(film: unknown): string {
  const title = field(film, 'title');
  return typeof title === 'string' ? title : '';
}
