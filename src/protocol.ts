// The one typed protocol between the extension host and the request panel's webview.
// The webview announces itself with `ready` before the host posts anything to it.

/** Webview → host. */
export type WebviewToHost = { readonly type: 'ready' };

/** Host → webview. */
export type HostToWebview = { readonly type: 'init'; readonly signedIn: boolean };
