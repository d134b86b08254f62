// The panel's views, built once and wired to what the app does with them; laid out in the page.
import type { CatalogueEndpoint, FollowLink, HistoryEntry, RequestDraft } from '../protocol';
import { CatalogueView, type UseAction } from './catalogueView';
import { clear } from './dom';
import { HistoryView } from './historyView';
import { Layout } from './layout';
import { LinkNavigation, type Place } from './linkNavigation';
import { NoticeArea } from './notices';
import { RequestEditor } from './requestEditor';
import { ResponseBodyView } from './responseBodyView';
import { ResponseView } from './responseView';
import { ScrollKeeper } from './scrollKeeper';
import { SessionBanner } from './sessionBanner';
import type { StateStore } from './state';
import { post } from './vscodeApi';

export interface Views {
  readonly layout: Layout;
  readonly banner: SessionBanner;
  readonly notices: NoticeArea;
  readonly catalogue: CatalogueView;
  readonly history: HistoryView;
  readonly editor: RequestEditor;
  readonly response: ResponseView;
  readonly body: ResponseBodyView;
  readonly navigation: LinkNavigation;
  readonly scroll: ScrollKeeper;
}

/** What the views ask of the app. */
export interface AppActions {
  useEndpoint(endpoint: CatalogueEndpoint, values: Record<string, string>, action: UseAction): void;
  restoreEntry(entry: HistoryEntry): void;
  edited(): void;
  send(): void;
  cancel(): void;
  draftToSend(): RequestDraft;
  followLink(link: FollowLink): void;
  goTo(place: Place): void;
}

export function buildViews(root: HTMLElement, store: StateStore, app: AppActions): Views {
  const state = store.get();
  const layout = new Layout(state.sidebarCollapsed, (sidebarCollapsed) => store.update({ sidebarCollapsed }));
  const banner = new SessionBanner(() => post({ type: 'signIn' }));
  const notices = new NoticeArea();
  const catalogue = new CatalogueView({
    onUse: (endpoint, values, action) => app.useEndpoint(endpoint, values, action),
    rememberedValue: (name) => store.get().paramValues[name] ?? '',
    suggestions: (name) => store.get().knownIds[name] ?? [],
  });
  const history = new HistoryView({
    onRestore: (entry) => app.restoreEntry(entry),
    onEdit: (id, change) => post({ type: 'editHistory', id, ...change }),
    onClear: () => post({ type: 'clearHistory' }),
  });
  const editor = new RequestEditor({
    onChange: () => app.edited(),
    onSend: () => app.send(),
    onCancel: () => app.cancel(),
    onCopyAs: (format) => post({ type: 'copyAs', format, draft: app.draftToSend() }),
    onSaveAsHttp: () => post({ type: 'saveAsHttp', draft: app.draftToSend() }),
    onTabChange: (editorTab) => store.update({ editorTab }),
  });
  const body = new ResponseBodyView({
    onLink: (link) => app.followLink(link),
    onViewChange: (bodyView) => store.update({ bodyView }),
    onExpandedChange: (expanded) => store.update({ expanded }),
    onSearchQuery: (searchQuery) => store.update({ searchQuery }),
  });
  const response = new ResponseView(body.element);
  const navigation = new LinkNavigation(
    () => ({ draft: editor.getDraft(), ...(store.get().response ? { response: store.get().response } : {}) }),
    (place) => app.goTo(place),
  );
  response.element.querySelector('.response-head')?.prepend(navigation.element);

  layout.headerSlot.append(banner.info);
  layout.sidebar.append(catalogue.element, history.element);
  layout.main.append(banner.banner, notices.element, editor.element, response.element);
  clear(root);
  root.append(layout.element);

  const scroll = new ScrollKeeper(response.element, (scrollTop) => store.update({ scrollTop }));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      app.send();
    }
  });
  return { layout, banner, notices, catalogue, history, editor, response, body, navigation, scroll };
}
