// /__sandbox/…: lets another process (a VS Code extension host, a person with curl) inspect the
// request log and flip faults and token settings. No auth, and never logged or faulted, so using
// it does not disturb what a test is looking at.
import type { SandboxConfig, SandboxRequest } from './types';
import { IncomingRequest, Reply, emptyReply, jsonReply } from './http';
import { FaultSwitchboard, validateFault } from './faults';

export const CONTROL_PREFIX = '/__sandbox/';

export interface ControlTarget {
  readonly faults: FaultSwitchboard;
  requests(): SandboxRequest[];
  clearRequests(): void;
  config(): SandboxConfig;
  configure(config: Partial<SandboxConfig>): void;
  revokeAccessTokens(): void;
  revokeRefreshTokens(): void;
}

function json(status: number, value: unknown): Reply {
  return jsonReply(status, JSON.stringify(value));
}

function parseBody(body: string): unknown {
  return body.trim() === '' ? {} : (JSON.parse(body) as unknown);
}

function route(request: IncomingRequest, target: ControlTarget): Reply {
  const what = `${request.method} ${request.path.slice(CONTROL_PREFIX.length).replace(/\/$/, '')}`;
  switch (what) {
    case 'GET requests':
      return json(200, target.requests());
    case 'DELETE requests':
      target.clearRequests();
      return emptyReply(204);
    case 'GET faults':
      return json(200, target.faults.list());
    case 'POST faults':
      return json(201, { id: target.faults.add(validateFault(parseBody(request.body))) });
    case 'DELETE faults':
      target.faults.clear();
      return emptyReply(204);
    case 'GET config':
      return json(200, target.config());
    case 'POST config':
      target.configure(parseBody(request.body) as Partial<SandboxConfig>);
      return json(200, target.config());
    case 'POST revoke': {
      // Access tokens by default: that is what makes the API answer 401 mid-session.
      const { accessTokens = true, refreshTokens = false } = parseBody(request.body) as { accessTokens?: boolean; refreshTokens?: boolean };
      if (accessTokens) target.revokeAccessTokens();
      if (refreshTokens) target.revokeRefreshTokens();
      return emptyReply(204);
    }
  }
  const faultId = /^DELETE faults\/([^/]+)$/.exec(what)?.[1];
  if (faultId) return target.faults.remove(faultId) ? emptyReply(204) : json(404, { error: `No fault ${faultId}` });
  return json(404, {
    error: `Unknown control request ${request.method} ${request.path}`,
    routes: ['GET|DELETE requests', 'GET|POST|DELETE faults', 'DELETE faults/{id}', 'GET|POST config', 'POST revoke'],
  });
}

export function handleControl(request: IncomingRequest, target: ControlTarget): Reply {
  try {
    return route(request, target);
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
