// What the status bar shows for a session state, computed without VS Code so it can be unit
// tested with any clock: text, tooltip lines, colour and when the text next changes.
import { formatTimeLeft } from '../base/format';
import type { SessionState } from '../auth/tokenSession';

export type SessionSeverity = 'normal' | 'warning' | 'error';

export interface SessionView {
  /** Status bar text (may contain `$(icon)` codicons). */
  readonly text: string;
  /** Markdown tooltip. */
  readonly tooltip: string;
  readonly severity: SessionSeverity;
  /** Milliseconds until the text changes by itself (undefined: only on the next state change). */
  readonly refreshInMs?: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Time until `formatTimeLeft` would print something else. */
function untilNextChange(ms: number): number {
  if (ms <= 0) return 0;
  const unit = ms >= MINUTE ? MINUTE : SECOND;
  return ms % unit || unit;
}

/** A short profile hint for the status bar: the user name's local part, at most 16 characters. */
export function profileHint(username: string): string {
  const local = username.split('@')[0] || username;
  return local.length > 16 ? `${local.slice(0, 15)}…` : local;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function localTime(epochMs: number, timeZone?: string): string {
  return new Date(epochMs).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  });
}

export const SIGNED_OUT_VIEW: SessionView = {
  text: '$(account) MX: Sign in',
  tooltip: 'Not signed in to movieXchange. Click to sign in.',
  severity: 'normal',
};

/** The client ID as the status bar shows it when profiles must be told apart: at most 20 characters. */
export function clientIdHint(clientId: string): string {
  return clientId.length > 20 ? `${clientId.slice(0, 19)}…` : clientId;
}

/**
 * `showClientId`: more than one profile exists, so the user name alone may not say which is
 * active (two profiles of one user differ only by client ID).
 */
export function sessionView(state: SessionState | undefined, now: number, timeZone?: string, showClientId = false): SessionView {
  if (!state) return SIGNED_OUT_VIEW;
  const { profile } = state;
  const hint = showClientId ? `${profileHint(profile.username)} · ${clientIdHint(profile.clientId)}` : profileHint(profile.username);
  const lines = [
    `**MX Explorer** — ${escapeMarkdown(profile.environment.name)}`,
    '',
    `User: ${escapeMarkdown(profile.username)}  `,
    `Client ID: ${escapeMarkdown(profile.clientId)}  `,
    `Environment: ${escapeMarkdown(profile.environment.name)} (${escapeMarkdown(profile.environment.apiUrl)})  `,
  ];
  if (state.expiresAt !== undefined) lines.push(`Token expires: ${localTime(state.expiresAt, timeZone)}  `);
  if (state.lastRefresh) {
    const grant = state.lastRefresh.grant === 'refresh_token' ? 'refresh token' : 'password grant';
    lines.push(`Last refresh: ${localTime(state.lastRefresh.at, timeZone)} (${grant}, ${state.lastRefresh.trigger})  `);
  }
  if (state.lastError) lines.push('', `$(error) ${escapeMarkdown(state.lastError.message)}`);
  if (state.storageProblem) lines.push('', `$(warning) ${escapeMarkdown(state.storageProblem)}`);
  lines.push('', 'Click for actions.');
  const tooltip = lines.join('\n');

  if (state.status === 'ended') {
    return { text: `$(error) MX ${hint}: sign in again`, tooltip, severity: 'error' };
  }
  if (state.expiresAt === undefined) {
    // restored profile: the token is fetched on first use
    return { text: `$(key) MX ${hint}`, tooltip, severity: state.lastError ? 'error' : 'normal' };
  }
  const left = state.expiresAt - now;
  if (left <= 0) {
    return { text: `$(error) MX ${hint}: expired`, tooltip, severity: 'error' };
  }
  const busy = state.status === 'refreshing' ? '$(sync~spin)' : state.status === 'retrying' ? '$(warning)' : '$(key)';
  const lifetime = state.lifetimeMs ?? left;
  const severity: SessionSeverity = state.lastError ? 'error' : left <= lifetime / 10 ? 'warning' : 'normal';
  return { text: `${busy} MX ${hint} ${formatTimeLeft(left)}`, tooltip, severity, refreshInMs: untilNextChange(left) };
}
