// Runs inside the request panel's webview (browser bundle). It never holds a token or a secret
// and never talks to the network: every request goes through the extension host.
//
// Bootstrap: restore saved state, show "Loading…", say `ready`, and route every host message
// (checked and rebuilt first; unknown ones are dropped) to the app.
import { App } from './app';
import { parseHostMessage } from './guards';
import { post } from './vscodeApi';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const app = new App(root);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  try {
    app.handle(message);
  } catch (error) {
    // One bad message must not take the panel down with it.
    console.error('MX Explorer webview: failed to handle', message.type, error);
  }
});

post({ type: 'ready' });
