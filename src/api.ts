// What `activate()` returns: the extension's public API, for other extensions and our own tests.
import type { MxEnvironment } from './mx/environments';

export interface MxExplorerApi {
  /** Bumped on incompatible changes. */
  readonly apiVersion: 1;
  /** Staging, Production and the valid `mx.environments` entries, in sign-in order. */
  environments(): readonly MxEnvironment[];
}
