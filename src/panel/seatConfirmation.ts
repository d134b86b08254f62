// The question asked before a call that acts on orders or seats: it names where the call goes, so
// the local sandbox does not warn about real seats and Production says so loudly.
import type { MxEnvironment } from '../mx/environments';

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function seatConfirmation(title: string, environment: Pick<MxEnvironment, 'name' | 'kind' | 'apiUrl'> | undefined): string {
  let host = '';
  try {
    host = environment ? new URL(environment.apiUrl).host : '';
  } catch {
    host = '';
  }
  const hostname = host.replace(/:\d+$/, '');
  if (environment && LOOPBACK.test(hostname)) {
    return `"${title}" goes to ${environment.name}, a server on this machine (${host}), not to a cinema: no real order or seat is involved. Send it?`;
  }
  if (environment?.kind === 'production') {
    return `PRODUCTION: "${title}" acts on real orders in a cinema's ticketing system and may hold real seats that customers then cannot buy. Send it?`;
  }
  const where = environment ? `${environment.name}${environment.kind === 'custom' ? ` (${host})` : ''}` : 'MX';
  return `"${title}" acts on real orders in the cinema's ticketing system on ${where} (staging too reaches real cinema systems) and may hold real seats. Send it?`;
}
