// Who and where requests go: environment and user in the panel header, a PRODUCTION badge when
// requests hit production, and a sign-in banner while signed out.
import type { SessionSummary } from '../protocol';
import { button, clear, h } from './dom';

export function productionBadge(): HTMLElement {
  return h('span', {
    class: 'badge production',
    text: 'PRODUCTION',
    attrs: { title: 'Requests from this panel go to the MX production environment' },
  });
}

export class SessionBanner {
  /** Environment, user and badge, for the panel header. */
  readonly info = h('div', { class: 'session-info' });
  readonly banner: HTMLElement;
  private readonly signInButton: HTMLButtonElement;

  constructor(onSignIn: () => void) {
    this.signInButton = button('Sign In', onSignIn, { class: 'button' });
    this.banner = h(
      'div',
      { class: 'banner banner-warning', hidden: true, attrs: { 'aria-live': 'polite' } },
      h('span', { class: 'banner-icon', text: '⚠', attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'banner-text', text: 'You are not signed in to MX.' }),
      this.signInButton,
    );
  }

  update(session: SessionSummary): void {
    clear(this.info);
    const environment = session.environmentName || (session.signedIn ? 'MX' : '');
    if (session.signedIn) {
      this.info.append(
        h('span', { class: 'session-env', text: environment, attrs: { title: session.apiUrl } }),
        session.username ? h('span', { class: 'session-user', text: session.username, attrs: { title: 'Signed in as' } }) : '',
        session.clientId ? h('span', { class: 'session-client', text: session.clientId, attrs: { title: 'Client ID (this profile)' } }) : '',
      );
    } else {
      this.info.append(h('span', { class: 'session-user muted', text: 'Not signed in' }));
    }
    if (session.production) this.info.append(productionBadge());
    this.banner.hidden = session.signedIn;
    document.body.classList.toggle('is-production', session.production);
  }

  /** Send was pressed while signed out: make the banner impossible to miss. */
  attention(): void {
    this.banner.hidden = false;
    this.banner.classList.remove('flash');
    void this.banner.offsetWidth; // restart the animation
    this.banner.classList.add('flash');
    this.signInButton.focus();
  }
}
