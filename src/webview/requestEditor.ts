// The request being edited: method, URL, Send/Cancel, and tabs for query parameters, headers and
// the JSON body. It owns no state beyond its controls; the app reads the draft from it.
import { AUTHORIZATION_HEADER, BODY_METHODS, CLIENT_SECRET_HEADER, methodTakesBody } from '../mx/requestRules';
import { HTTP_METHODS, type HttpMethod, type RequestDraft } from '../protocol';
import { BodyEditor } from './bodyEditor';
import { button, h, setText } from './dom';
import * as guard from './guards';
import { RowsEditor } from './rowsEditor';
import { productionBadge } from './sessionBanner';
import type { EditorTab } from './state';

export interface RequestEditorOptions {
  readonly onChange: () => void;
  readonly onSend: () => void;
  readonly onCancel: () => void;
  readonly onCopyAs: (format: 'curl' | 'curlWithToken' | 'fetch') => void;
  /** "Save as .http": the request, written with {{mxApi}} and implicit credentials. */
  readonly onSaveAsHttp: () => void;
  readonly onTabChange: (tab: EditorTab) => void;
}

const TABS: readonly { id: EditorTab; label: string }[] = [
  { id: 'query', label: 'Query' },
  { id: 'headers', label: 'Headers' },
  { id: 'body', label: 'Body' },
];

export class RequestEditor {
  readonly element: HTMLElement;
  private readonly method: HTMLSelectElement;
  private readonly url: HTMLInputElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly badge = productionBadge();
  private readonly endpointLabel = h('div', { class: 'endpoint-label', hidden: true });
  private readonly query: RowsEditor;
  private readonly headers: RowsEditor;
  private readonly body: BodyEditor;
  private readonly noBody = h('p', { class: 'empty' });
  private readonly tabs = new Map<EditorTab, { tab: HTMLButtonElement; panel: HTMLElement }>();
  private activeTab: EditorTab = 'query';
  private endpointId: string | undefined;
  private busy = false;
  private production = false;

  constructor(private readonly options: RequestEditorOptions) {
    const changed = (): void => {
      this.refresh();
      options.onChange();
    };
    this.method = h('select', { class: 'input method-select', attrs: { 'aria-label': 'Method' } });
    for (const m of HTTP_METHODS) this.method.append(h('option', { text: m, attrs: { value: m } }));
    this.method.addEventListener('change', () => {
      if (methodTakesBody(this.currentMethod())) this.selectTab('body');
      changed();
    });
    this.url = h('input', {
      class: 'input url-input',
      attrs: {
        type: 'text',
        'aria-label': 'URL',
        placeholder: '/mxs/reference-data/v1/cinema-chains',
        spellcheck: 'false',
        autocomplete: 'off',
      },
    });
    this.url.addEventListener('input', changed);
    this.url.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        options.onSend();
      }
    });
    this.sendButton = button('Send', () => options.onSend(), { class: 'button send', title: 'Send (Ctrl+Enter)' });
    this.cancelButton = button('Cancel', () => options.onCancel(), { class: 'button secondary' });
    this.cancelButton.hidden = true;
    this.badge.hidden = true;

    this.query = new RowsEditor({
      noun: 'Query parameter',
      namePlaceholder: 'name',
      valuePlaceholder: 'value',
      emptyText: 'No query parameters.',
      onChange: changed,
    });
    this.headers = new RowsEditor({
      noun: 'Header',
      namePlaceholder: 'Header-Name',
      valuePlaceholder: 'value',
      emptyText: 'No extra headers.',
      onChange: changed,
      fixedRows: [
        { name: AUTHORIZATION_HEADER, value: 'Bearer ••••••', note: 'added by MX Explorer' },
        { name: CLIENT_SECRET_HEADER, value: '••••••', note: 'added by MX Explorer' },
      ],
    });
    this.body = new BodyEditor(changed);

    const tablist = h('div', { class: 'tablist', attrs: { role: 'tablist', 'aria-label': 'Request parts' } });
    tablist.addEventListener('keydown', (event) => this.onTabKey(event));
    const panels = h('div', { class: 'tabpanels' });
    const contents: Record<EditorTab, HTMLElement> = {
      query: this.query.element,
      headers: this.headers.element,
      body: h('div', {}, this.noBody, this.body.element),
    };
    for (const { id, label } of TABS) {
      const tab = h('button', {
        class: 'tab',
        text: label,
        attrs: { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, 'aria-selected': 'false', tabindex: -1 },
        on: { click: () => this.selectTab(id, true) },
      });
      const panel = h('div', {
        class: 'tabpanel',
        hidden: true,
        attrs: { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}` },
      }, contents[id]);
      this.tabs.set(id, { tab, panel });
      tablist.append(tab);
      panels.append(panel);
    }

    this.element = h(
      'section',
      { class: 'request-editor', attrs: { 'aria-label': 'Request' } },
      h('div', { class: 'request-line' }, this.method, this.url, this.sendButton, this.cancelButton, this.badge),
      this.endpointLabel,
      h(
        'div',
        { class: 'tabbar' },
        tablist,
        h(
          'div',
          { class: 'tabbar-actions' },
          button('Copy as curl', () => options.onCopyAs('curl'), { class: 'button secondary small', title: 'Uses $MX_ACCESS_TOKEN and $MX_CLIENT_SECRET' }),
          button('curl + token', () => options.onCopyAs('curlWithToken'), {
            class: 'button secondary small',
            label: 'Copy as curl that gets its own token',
            title: 'Copy as curl that first gets a token: runs as pasted where $MX_PASSWORD and $MX_CLIENT_SECRET are set',
          }),
          button('Copy as fetch', () => options.onCopyAs('fetch'), { class: 'button secondary small' }),
          button('Save as .http', () => options.onSaveAsHttp(), {
            class: 'button secondary small',
            title: 'Save this request in an .http file (with {{mxApi}}; no token or secret is written)',
          }),
        ),
      ),
      panels,
    );
    this.selectTab('query');
    this.refresh();
  }

  setDraft(draft: RequestDraft): void {
    this.method.value = draft.method;
    this.url.value = draft.url;
    this.query.setRows(draft.query);
    this.headers.setRows(draft.headers);
    this.body.value = draft.body;
    this.endpointId = draft.endpointId;
    this.refresh();
  }

  /** The draft as edited; the body is kept even for methods that send none. */
  getDraft(): RequestDraft {
    return {
      method: this.currentMethod(),
      url: this.url.value.trim(),
      query: this.query.getRows(),
      headers: this.headers.getRows(),
      body: this.body.value,
      ...(this.endpointId ? { endpointId: this.endpointId } : {}),
    };
  }

  /** Shows which catalogue endpoint the draft came from; undefined detaches it. */
  setEndpoint(id: string | undefined, title?: string): void {
    this.endpointId = id;
    this.endpointLabel.hidden = !id;
    setText(this.endpointLabel, id ? `Endpoint: ${title ?? id}` : '');
  }

  /** Whether the body (if the method takes one) is valid JSON. */
  bodyValid(): boolean {
    return !methodTakesBody(this.currentMethod()) || this.body.isValid();
  }

  setBusy(busy: boolean, cancelling = false): void {
    this.busy = busy;
    this.cancelButton.hidden = !busy;
    this.cancelButton.disabled = cancelling;
    setText(this.cancelButton, cancelling ? 'Cancelling…' : 'Cancel');
    this.refresh();
  }

  setProduction(production: boolean): void {
    this.production = production;
    this.badge.hidden = !production;
    this.sendButton.classList.toggle('production', production);
    this.refresh();
  }

  get selectedTab(): EditorTab {
    return this.activeTab;
  }

  selectTab(tab: EditorTab, focus = false): void {
    const changed = tab !== this.activeTab;
    this.activeTab = tab;
    for (const [id, { tab: button, panel }] of this.tabs) {
      const selected = id === tab;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      panel.hidden = !selected;
    }
    if (focus) this.tabs.get(tab)?.tab.focus();
    if (changed) this.options.onTabChange(tab);
  }

  focusUrl(): void {
    this.url.focus();
  }

  private currentMethod(): HttpMethod {
    return guard.method(this.method.value);
  }

  private onTabKey(event: KeyboardEvent): void {
    const order = TABS.map((t) => t.id);
    const index = order.indexOf(this.activeTab);
    const next =
      event.key === 'ArrowRight' ? order[(index + 1) % order.length]
      : event.key === 'ArrowLeft' ? order[(index + order.length - 1) % order.length]
      : event.key === 'Home' ? order[0]
      : event.key === 'End' ? order[order.length - 1]
      : undefined;
    if (!next) return;
    event.preventDefault();
    this.selectTab(next, true);
  }

  private refresh(): void {
    const method = this.currentMethod();
    const bodyAllowed = methodTakesBody(method);
    this.body.element.hidden = !bodyAllowed;
    this.noBody.hidden = bodyAllowed;
    setText(this.noBody, `${method} requests have no body. Choose ${BODY_METHODS.slice(0, -1).join(', ')} or ${BODY_METHODS.at(-1)} to send one.`);
    const label = (id: EditorTab, text: string, count: number): void =>
      setText(this.tabs.get(id)?.tab ?? h('span'), count ? `${text} (${count})` : text);
    label('query', 'Query', this.query.activeCount());
    label('headers', 'Headers', this.headers.activeCount() + 2);
    const bodyTab = this.tabs.get('body')?.tab;
    if (bodyTab) {
      setText(bodyTab, bodyAllowed && this.body.value.trim() ? 'Body •' : 'Body');
      bodyTab.classList.toggle('invalid', bodyAllowed && !this.body.isValid());
    }
    this.sendButton.disabled = this.busy || !this.bodyValid();
    this.sendButton.title = !this.bodyValid()
      ? 'Fix the JSON body to send'
      : `Send${this.production ? ' to PRODUCTION' : ''} (Ctrl+Enter)`;
  }
}
