// The endpoint catalogue: groups of documented MX endpoints. One click puts an endpoint in the
// request editor and opens a small form for its path parameters (each checked as typed, with the
// reason at the field, and offering the ids seen in answers); a double click also sends it.
import { checkPathParameter, fillTemplate } from '../mx/requestRules';
import type { CatalogueEndpoint, CatalogueGroup } from '../protocol';
import { button, clear, h } from './dom';
import { inlineMarkdown, plainMarkdown } from './inlineMarkdown';

export interface CatalogueOptions {
  /**
   * Puts the endpoint, with these parameter values, in the request editor: `fill` leaves the focus
   * where it is (typing a parameter), `use` moves it to the URL, `send` sends it too.
   */
  readonly onUse: (endpoint: CatalogueEndpoint, values: Record<string, string>, action: UseAction) => void;
  /** The value last typed for a parameter of this name, to prefill. */
  readonly rememberedValue: (name: string) => string;
  /** Ids seen in answers for a parameter of this name (newest first), offered as it is typed. */
  readonly suggestions: (name: string) => readonly { readonly value: string; readonly label: string }[];
}

export type UseAction = 'fill' | 'use' | 'send';

export function methodTag(method: string): HTMLElement {
  return h('span', { class: `method method-${method.toLowerCase()}`, text: method });
}

export class CatalogueView {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'catalogue-groups' });
  private groups: readonly CatalogueGroup[] = [];
  private openId: string | undefined;
  /** The endpoint the request editor addresses now: highlighted. */
  private currentId: string | undefined;
  private filter = '';
  private readonly filterInput: HTMLInputElement;

  constructor(private readonly options: CatalogueOptions) {
    const filter = h('input', {
      class: 'input filter',
      attrs: { type: 'search', placeholder: 'Filter endpoints', 'aria-label': 'Filter endpoints', spellcheck: 'false' },
    });
    this.filterInput = filter;
    filter.addEventListener('input', () => {
      this.filter = filter.value.trim().toLowerCase();
      this.render(this.groups);
    });
    this.element = h(
      'nav',
      { class: 'catalogue', attrs: { 'aria-label': 'Endpoint catalogue' } },
      h('h2', { class: 'sidebar-heading', text: 'Endpoints' }),
      filter,
      this.list,
    );
  }

  render(groups: readonly CatalogueGroup[]): void {
    this.groups = groups;
    clear(this.list);
    if (!groups.some((g) => g.endpoints.length)) {
      this.list.append(h('p', { class: 'empty', text: 'No endpoints available.' }));
      return;
    }
    let shown = 0;
    for (const group of groups) {
      const endpoints = group.endpoints.filter((e) => this.matches(group, e));
      if (!endpoints.length) continue;
      shown += endpoints.length;
      const items = h('ul', { class: 'endpoint-list' });
      for (const endpoint of endpoints) items.append(this.renderEndpoint(endpoint));
      this.list.append(
        h(
          'details',
          { class: 'group', attrs: { open: true } },
          h(
            'summary',
            { attrs: { title: group.description ? plainMarkdown(group.description) : undefined } },
            h('span', { class: 'group-name', text: group.name }),
            h('span', { class: 'count', text: String(endpoints.length) }),
          ),
          // collapsed: a long description must not push the endpoints and History off-screen
          group.description
            ? h('details', { class: 'group-about' }, h('summary', { text: 'About' }), h('p', { class: 'group-description' }, inlineMarkdown(group.description)))
            : null,
          items,
        ),
      );
    }
    if (!shown) this.list.append(h('p', { class: 'empty', text: 'No endpoint matches the filter.' }));
  }

  /** Opens an endpoint's form (clearing a filter that would hide it) and puts the focus in it. */
  open(endpointId: string): void {
    this.openId = endpointId;
    this.filter = '';
    this.filterInput.value = '';
    this.render(this.groups);
    const form = this.list.querySelector<HTMLElement>('.endpoint.open');
    form?.scrollIntoView({ block: 'nearest' });
    this.list.querySelector<HTMLElement>('.endpoint.open .endpoint-form input, .endpoint.open .endpoint-form .button')?.focus();
  }

  /** Highlights the endpoint the request addresses (or none), without moving anything. */
  select(endpointId: string | undefined): void {
    this.currentId = endpointId;
    // the request moved to another endpoint (a link, Back, history): an open form for the old one goes
    if (endpointId !== undefined && this.openId !== undefined && this.openId !== endpointId) {
      this.openId = undefined;
      this.render(this.groups);
      return;
    }
    for (const pick of this.list.querySelectorAll<HTMLElement>('.endpoint-pick')) {
      const current = pick.dataset.endpointId === endpointId;
      pick.classList.toggle('current', current);
      if (current) pick.setAttribute('aria-current', 'true');
      else pick.removeAttribute('aria-current');
    }
  }

  private matches(group: CatalogueGroup, endpoint: CatalogueEndpoint): boolean {
    if (!this.filter) return true;
    return [group.name, endpoint.title, endpoint.path, endpoint.method, endpoint.description].some((s) =>
      s.toLowerCase().includes(this.filter),
    );
  }

  private renderEndpoint(endpoint: CatalogueEndpoint): HTMLElement {
    const open = this.openId === endpoint.id;
    const current = this.currentId === endpoint.id;
    const item = h('li', { class: `endpoint${open ? ' open' : ''}` });
    const remembered = (): Record<string, string> =>
      Object.fromEntries(endpoint.parameters.map((p) => [p.name, this.options.rememberedValue(p.name)]));
    const pick = h(
      'button',
      {
        class: `endpoint-pick${current ? ' current' : ''}`,
        attrs: {
          type: 'button',
          'aria-expanded': String(open),
          'aria-current': current ? 'true' : undefined,
          'data-endpoint-id': endpoint.id,
          title: [plainMarkdown(endpoint.description), `${endpoint.method} ${endpoint.path}`, 'Click: use it · Double-click: send it']
            .filter(Boolean)
            .join('\n\n'),
        },
        on: {
          click: (event) => {
            // the second click of a double click: the dblclick handler sends
            if (event.detail > 1) return;
            const wasOpen = this.openId === endpoint.id;
            this.openId = wasOpen ? undefined : endpoint.id;
            if (!wasOpen) this.options.onUse(endpoint, this.validValues(endpoint, remembered()), 'fill');
            this.render(this.groups);
            const focusTarget = this.list.querySelector<HTMLElement>(
              this.openId ? '.endpoint.open .endpoint-form input, .endpoint.open .endpoint-form .button' : '.endpoint-pick',
            );
            focusTarget?.focus();
          },
          dblclick: () => {
            const values = this.validValues(endpoint, remembered());
            const missing = endpoint.parameters.some((p) => !values[p.name]);
            this.openId = endpoint.id;
            this.options.onUse(endpoint, values, missing ? 'fill' : 'send');
            this.render(this.groups);
            if (missing) this.list.querySelector<HTMLElement>('.endpoint.open .endpoint-form input')?.focus();
          },
        },
      },
    methodTag(endpoint.method),
      h('span', { class: 'endpoint-title', text: endpoint.title }),
      endpoint.holdsSeats ? h('span', { class: 'holds', text: '⚠', attrs: { title: 'Creates holds in a real cinema system' } }) : null,
    );
    item.append(pick);
    if (open) item.append(this.renderForm(endpoint));
    return item;
  }

  /** The values that are valid path parameters; the others are left out (their placeholder stays). */
  private validValues(endpoint: CatalogueEndpoint, values: Record<string, string>): Record<string, string> {
    const valid: Record<string, string> = {};
    for (const { name } of endpoint.parameters) {
      const value = values[name] ?? '';
      if (value && checkPathParameter(name, value) === undefined) valid[name] = value;
    }
    return valid;
  }

  private renderForm(endpoint: CatalogueEndpoint): HTMLElement {
    const inputs = new Map<string, { input: HTMLInputElement; error: HTMLElement }>();
    const preview = h('code', { class: 'endpoint-path' });
    const values = (): Record<string, string> => Object.fromEntries([...inputs].map(([name, { input }]) => [name, input.value.trim()]));
    const useButton = button('Use', () => undefined, { class: 'button', title: 'Put it in the request editor (Enter)' });
    useButton.type = 'submit';
    /** Checks every field as typed (the host's rule), says why at the field; true when all are valid. */
    const refresh = (): boolean => {
      const typed = values();
      preview.textContent = fillTemplate(endpoint.path, typed).path;
      let valid = true;
      for (const [name, { input, error }] of inputs) {
        const reason = typed[name] ? checkPathParameter(name, typed[name]) : undefined;
        error.hidden = reason === undefined;
        error.textContent = reason ?? '';
        if (reason) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
        valid &&= reason === undefined;
      }
      useButton.disabled = !valid;
      return valid;
    };
    const use = (action: UseAction): void => {
      if (refresh()) this.options.onUse(endpoint, this.validValues(endpoint, values()), action);
    };
    const form = h(
      'form',
      { class: 'endpoint-form', attrs: { 'aria-label': endpoint.title } },
      endpoint.description ? h('p', { class: 'endpoint-description' }, inlineMarkdown(endpoint.description)) : null,
      preview,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      use('use');
    });
    endpoint.parameters.forEach((parameter, index) => {
      const id = `param-${endpoint.id.replace(/[^\w-]/g, '_')}-${index}`;
      const hintId = `${id}-hint`;
      const errorId = `${id}-error`;
      const listId = `${id}-ids`;
      const suggestions = this.options.suggestions(parameter.name);
      const input = h('input', {
        class: 'input',
        attrs: {
          id,
          type: 'text',
          spellcheck: 'false',
          autocomplete: 'off',
          placeholder: suggestions.length ? `${parameter.name} (type or pick an id seen)` : parameter.name,
          list: suggestions.length ? listId : undefined,
          'aria-describedby': [errorId, parameter.description ? hintId : ''].filter(Boolean).join(' '),
        },
      });
      const error = h('small', { class: 'field-error', hidden: true, attrs: { id: errorId, role: 'alert' } });
      input.value = this.options.rememberedValue(parameter.name);
      // every valid keystroke updates the request; an invalid one is explained here and kept out of it
      input.addEventListener('input', () => use('fill'));
      inputs.set(parameter.name, { input, error });
      form.append(
        h(
          'div',
          { class: 'field' },
          h('label', { text: parameter.name, attrs: { for: id } }),
          input,
          suggestions.length
            ? h('datalist', { attrs: { id: listId } }, ...suggestions.map((s) => h('option', { attrs: { value: s.value, label: s.label } })))
            : null,
          error,
          parameter.description ? h('small', { class: 'hint', attrs: { id: hintId } }, inlineMarkdown(parameter.description)) : null,
        ),
      );
    });
    if (endpoint.holdsSeats) {
      form.append(
        h('p', {
          class: 'callout callout-warning small',
          text: '⚠ Creates holds or orders in a cinema system. MX Explorer asks before sending.',
        }),
      );
    }
    form.append(h('div', { class: 'form-actions' }, useButton));
    refresh();
    return form;
  }
}
