// The endpoint catalogue: groups of documented MX endpoints. Picking one opens a small form for
// its path parameters; "Use" hands the endpoint and the typed values to the request editor.
import { fillTemplate } from '../mx/requestRules';
import type { CatalogueEndpoint, CatalogueGroup } from '../protocol';
import { button, clear, h } from './dom';
import { inlineMarkdown, plainMarkdown } from './inlineMarkdown';

export interface CatalogueOptions {
  readonly onUse: (endpoint: CatalogueEndpoint, values: Record<string, string>) => void;
  /** The value last typed for a parameter of this name, to prefill. */
  readonly rememberedValue: (name: string) => string;
}

export function methodTag(method: string): HTMLElement {
  return h('span', { class: `method method-${method.toLowerCase()}`, text: method });
}

export class CatalogueView {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'catalogue-groups' });
  private groups: readonly CatalogueGroup[] = [];
  private openId: string | undefined;
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

  private matches(group: CatalogueGroup, endpoint: CatalogueEndpoint): boolean {
    if (!this.filter) return true;
    return [group.name, endpoint.title, endpoint.path, endpoint.method, endpoint.description].some((s) =>
      s.toLowerCase().includes(this.filter),
    );
  }

  private renderEndpoint(endpoint: CatalogueEndpoint): HTMLElement {
    const open = this.openId === endpoint.id;
    const item = h('li', { class: `endpoint${open ? ' open' : ''}` });
    const pick = h(
      'button',
      {
        class: 'endpoint-pick',
        attrs: {
          type: 'button',
          'aria-expanded': String(open),
          title: [plainMarkdown(endpoint.description), `${endpoint.method} ${endpoint.path}`].filter(Boolean).join('\n\n'),
        },
        on: {
          click: () => {
            this.openId = this.openId === endpoint.id ? undefined : endpoint.id;
            this.render(this.groups);
            const focusTarget = this.list.querySelector<HTMLElement>(
              this.openId ? '.endpoint.open .endpoint-form input, .endpoint.open .endpoint-form .button' : '.endpoint-pick',
            );
            focusTarget?.focus();
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

  private renderForm(endpoint: CatalogueEndpoint): HTMLElement {
    const inputs = new Map<string, HTMLInputElement>();
    const preview = h('code', { class: 'endpoint-path' });
    // Why a typed value stays out of the path (it keeps its {name} placeholder): the host's rule.
    const problem = h('p', { class: 'callout callout-warning small', hidden: true, attrs: { role: 'status' } });
    const values = (): Record<string, string> =>
      Object.fromEntries([...inputs].map(([name, input]) => [name, input.value.trim()]));
    const refresh = (): void => {
      const typed = values();
      const filled = fillTemplate(endpoint.path, typed);
      preview.textContent = filled.path;
      const refused = filled.unfilled.find(({ name }) => typed[name]);
      problem.hidden = !refused;
      problem.textContent = refused?.reason ?? '';
    };
    const use = (): void => this.options.onUse(endpoint, values());
    const form = h(
      'form',
      { class: 'endpoint-form', attrs: { 'aria-label': endpoint.title } },
      endpoint.description ? h('p', { class: 'endpoint-description' }, inlineMarkdown(endpoint.description)) : null,
      preview,
      problem,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      use();
    });
    endpoint.parameters.forEach((parameter, index) => {
      const id = `param-${endpoint.id.replace(/[^\w-]/g, '_')}-${index}`;
      const hintId = `${id}-hint`;
      const input = h('input', {
        class: 'input',
        attrs: {
          id,
          type: 'text',
          spellcheck: 'false',
          autocomplete: 'off',
          placeholder: parameter.name,
          'aria-describedby': parameter.description ? hintId : undefined,
        },
      });
      input.value = this.options.rememberedValue(parameter.name);
      input.addEventListener('input', refresh);
      inputs.set(parameter.name, input);
      form.append(
        h(
          'div',
          { class: 'field' },
          h('label', { text: parameter.name, attrs: { for: id } }),
          input,
          parameter.description ? h('small', { class: 'hint', attrs: { id: hintId } }, inlineMarkdown(parameter.description)) : null,
        ),
      );
    });
    if (endpoint.holdsSeats) {
      form.append(
        h('p', {
          class: 'callout callout-warning small',
          text: '⚠ Creates holds or orders in a real cinema system. MX Explorer asks before sending.',
        }),
      );
    }
    const useButton = button('Use', () => use(), { class: 'button' });
    useButton.type = 'submit';
    form.append(h('div', { class: 'form-actions' }, useButton));
    refresh();
    return form;
  }
}
