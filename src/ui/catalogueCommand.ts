// "MX: New Request from Catalogue…": the documented endpoints in a quick pick, grouped as in the
// panel; the pick opens the request panel with that endpoint's parameter form open.
import * as vscode from 'vscode';
import { CATALOGUE } from '../mx/catalogue';
import type { CatalogueEndpoint } from '../protocol';

interface EndpointItem extends vscode.QuickPickItem {
  readonly endpoint?: CatalogueEndpoint;
}

export function catalogueItems(): EndpointItem[] {
  return CATALOGUE.flatMap((group): EndpointItem[] => [
    { label: group.name, kind: vscode.QuickPickItemKind.Separator },
    ...group.endpoints.map((endpoint) => ({
      label: `${endpoint.holdsSeats ? '$(warning) ' : ''}${endpoint.title}`,
      description: `${endpoint.method} ${endpoint.path}`,
      detail: endpoint.holdsSeats ? `${endpoint.description} Creates holds or orders in a real cinema system.` : endpoint.description,
      endpoint,
    })),
  ]);
}

/** Asks for an endpoint; undefined when the user escaped. */
export async function pickEndpoint(): Promise<CatalogueEndpoint | undefined> {
  const picked = await vscode.window.showQuickPick(catalogueItems(), {
    title: 'MX: New Request from Catalogue',
    placeHolder: 'Documented MX endpoint (type to filter by name, method or path)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.endpoint;
}
