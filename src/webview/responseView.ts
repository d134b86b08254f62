// The result area: progress while sending, the status line ("Response status"), timing, size,
// correlation id, MX error and notes, headers, and the body region below.
import type { HeaderPair, RequestFailureKind, ResponseSummary } from '../protocol';
import { button, clear, h, setText } from './dom';
import { formatBytes, formatDuration, statusClass } from './format';
import { post } from './vscodeApi';

const FAILURE_TITLES: Record<RequestFailureKind, string> = {
  signedOut: 'Not signed in',
  refused: 'Request refused',
  invalidRequest: 'Invalid request',
  network: 'Network error',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  tooLarge: 'Response too large',
  declined: 'Not sent',
  auth: 'Authentication failed',
};

export class ResponseView {
  readonly element: HTMLElement;
  private readonly status = h('div', { class: 'status-pill status-none', attrs: { role: 'status', 'aria-label': 'Response status' } });
  private readonly meta = h('div', { class: 'response-meta' });
  private readonly requestLine = h('div', { class: 'response-request-line', hidden: true });
  private readonly progress: HTMLElement;
  private readonly progressText = h('span', { class: 'progress-text' });
  private readonly callouts = h('div', { class: 'callouts' });
  private readonly headers = h('div', { class: 'response-headers' });
  private readonly placeholder = h('p', { class: 'empty response-placeholder', text: 'Send a request to see the response here.' });
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(bodyElement: HTMLElement) {
    this.progress = h(
      'div',
      { class: 'progress', hidden: true },
      h('div', { class: 'progress-bar', attrs: { role: 'progressbar', 'aria-label': 'Sending request' } }),
    );
    this.element = h(
      'section',
      { class: 'response', attrs: { 'aria-label': 'Response' } },
      this.progress,
      h('div', { class: 'response-head' }, this.status, this.progressText, this.meta),
      this.requestLine,
      this.placeholder,
      this.callouts,
      this.headers,
      bodyElement,
    );
    this.showEmpty();
  }

  showEmpty(): void {
    this.stopProgress();
    this.setStatus('No response yet', 'status-none');
    this.reset();
    this.placeholder.hidden = false;
  }

  showPending(method: string, url: string, startedAt: number): void {
    this.reset();
    this.setStatus('Sending…', 'status-pending');
    this.progress.hidden = false;
    this.progressText.hidden = false;
    const tick = (): void =>
      setText(this.progressText, `Sending ${method} ${url} — ${formatDuration(Math.max(0, Date.now() - startedAt))}`);
    tick();
    this.stopTimer();
    this.timer = setInterval(tick, 100);
  }

  /** Nothing is sent yet: the host's dialog asks first. No timer, no progress bar. */
  showConfirming(method: string, url: string): void {
    this.stopProgress();
    this.reset();
    this.setStatus('Waiting for confirmation', 'status-pending');
    this.progressText.hidden = false;
    setText(this.progressText, `Confirm or decline in the dialog: ${method} ${url} is not sent until you do.`);
  }

  showCancelling(): void {
    this.setStatus('Cancelling…', 'status-pending');
  }

  showResponse(response: ResponseSummary): void {
    this.stopProgress();
    this.reset();
    this.setStatus(`${response.status || '—'} ${response.statusText}`.trim(), statusClass(response.status));
    this.meta.append(
      metaItem('Time', formatDuration(response.durationMs)),
      metaItem('Size', formatBytes(response.bodyBytes)),
      response.contentType ? metaItem('Type', response.contentType) : '',
    );
    if (response.correlationId) {
      const id = response.correlationId;
      this.meta.append(
        h(
          'span',
          { class: 'meta-item correlation' },
          h('span', { class: 'meta-label', text: 'Mx-Correlation-Id' }),
          h('code', { class: 'meta-value', text: id, attrs: { title: id } }),
          button('Copy', () => post({ type: 'copy', what: 'correlationId', responseId: response.responseId }), {
            class: 'icon-button text',
            label: 'Copy correlation ID',
          }),
        ),
      );
    }
    this.requestLine.hidden = false;
    setText(this.requestLine, `${response.method} ${response.url}`);
    if (response.mxError) {
      const e = response.mxError;
      this.callouts.append(
        h(
          'div',
          { class: 'callout callout-error', attrs: { role: 'alert' } },
          h('div', { class: 'callout-title', text: `MX error ${e.errorCode}${e.errorCodeDescription ? ` — ${e.errorCodeDescription}` : ''}` }),
          e.errorDescription && e.errorDescription !== e.errorCodeDescription ? h('div', { text: e.errorDescription }) : null,
          e.explanation ? h('div', { class: 'callout-detail', text: e.explanation }) : null,
        ),
      );
    }
    if (response.note) {
      this.callouts.append(
        h('div', { class: 'callout callout-warning' }, h('span', { class: 'callout-icon', text: 'ℹ', attrs: { 'aria-hidden': 'true' } }), response.note),
      );
    }
    this.headers.append(
      headerTable(`Response headers (${response.headers.length})`, response.headers),
      headerTable(`Request headers (${response.requestHeaders.length})`, response.requestHeaders),
    );
  }

  showFailure(kind: RequestFailureKind, message: string): void {
    this.stopProgress();
    this.reset();
    const title = FAILURE_TITLES[kind];
    this.setStatus(title, kind === 'cancelled' ? 'status-none' : 'status-failed', message);
    const tone = kind === 'cancelled' ? 'callout-info' : kind === 'declined' ? 'callout-warning' : 'callout-error';
    this.callouts.append(
      h('div', { class: `callout ${tone}` }, h('div', { class: 'callout-title', text: title }), message ? h('div', { text: message }) : null),
    );
  }

  private setStatus(text: string, cls: string, detail?: string): void {
    clear(this.status);
    this.status.className = `status-pill ${cls}`;
    this.status.append(text);
    // Screen readers (and anything reading the status) get the failure's reason too.
    const normalize = (t: string): string => t.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (detail && normalize(detail) !== normalize(text)) this.status.append(h('span', { class: 'sr-only', text: `: ${detail}` }));
  }

  private reset(): void {
    this.placeholder.hidden = true;
    this.requestLine.hidden = true;
    clear(this.meta);
    clear(this.callouts);
    clear(this.headers);
  }

  private stopProgress(): void {
    this.stopTimer();
    this.progress.hidden = true;
    this.progressText.hidden = true;
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function metaItem(label: string, value: string): HTMLElement {
  return h(
    'span',
    { class: 'meta-item' },
    h('span', { class: 'meta-label', text: label }),
    h('span', { class: 'meta-value', text: value }),
  );
}

function headerTable(title: string, headers: readonly HeaderPair[]): HTMLElement {
  const table = h('table', { class: 'header-table' });
  for (const { name, value } of headers) {
    table.append(h('tr', {}, h('th', { text: name, attrs: { scope: 'row' } }), h('td', { text: value })));
  }
  return h(
    'details',
    { class: 'headers-details' },
    h('summary', { text: title }),
    headers.length ? table : h('p', { class: 'empty', text: 'None.' }),
  );
}
