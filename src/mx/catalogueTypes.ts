// The shape of the endpoint catalogue: what the host offers and the webview shows (re-exported by
// the protocol, so both sides read the same types).
import type { HttpMethod } from './requestRules';

/** A path parameter of a catalogue endpoint, e.g. `cinemaChainId`. */
export interface CatalogueParameter {
  readonly name: string;
  readonly description: string;
}

export interface CatalogueEndpoint {
  readonly id: string;
  readonly group: string;
  readonly title: string;
  readonly description: string;
  readonly method: HttpMethod;
  /** Path template after the API base, e.g. `/mxs/reference-data/v1/cinema-chains/{cinemaChainId}/sites`. */
  readonly path: string;
  readonly parameters: readonly CatalogueParameter[];
  /** A JSON body template for methods that take one. */
  readonly bodyTemplate?: string;
  /** Would create holds or orders in a real cinema system: the host asks before sending. */
  readonly holdsSeats: boolean;
}

export interface CatalogueGroup {
  readonly name: string;
  readonly description: string;
  readonly endpoints: readonly CatalogueEndpoint[];
}
