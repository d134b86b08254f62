// MX error answers. Not-found answers replay the recorded ones with the requested id put in;
// the rest use MX's documented error-code ranges (apidocs error-codes), with our own wording.
import { JSON_UTF8, Reply, emptyReply } from './http';
import type { RecordedError } from './fixtureFormat';
import type { MxData } from './fixtures';

function replay(recorded: RecordedError, id: string): Reply {
  const recordedId = /\/([^/]+)(?:\/showtimes)?$/.exec(recorded.path)?.[1] ?? '';
  const escapedId = JSON.stringify(id).slice(1, -1);
  const body = recordedId ? recorded.body.split(recordedId).join(escapedId) : recorded.body;
  return { status: recorded.status, headers: recorded.contentType ? { 'Content-Type': recorded.contentType } : {}, body };
}

/** 404 with code 40001, as recorded (not the 400 the documented 4xxxx range suggests). */
export function chainNotFound(data: MxData, chainId: string): Reply {
  return replay(data.errors.chainNotFound, chainId);
}

/** 400 with code 40002 and a bare `application/json` content type, as recorded. */
export function siteNotFound(data: MxData, siteId: string): Reply {
  return replay(data.errors.siteNotFound, siteId);
}

/** MX's 404 for an unknown showtime, film or path: no body at all. */
export function notFound(): Reply {
  return emptyReply(404);
}

export function mxError(status: number, errorCode: number, errorDescription: string, errorCodeDescription: string): Reply {
  return { status, headers: { 'Content-Type': JSON_UTF8 }, body: JSON.stringify({ errorDescription, errorCode, errorCodeDescription }) };
}

export function invalidRequest(description: string): Reply {
  return mxError(400, 40000, description, 'The request is not valid.');
}

/** The error body MX would send with `status`, by its documented code ranges. */
export function mxErrorForStatus(status: number, description: string): Reply {
  if (status === 502) return mxError(status, 30000, description, 'The cinema ticketing system returned an unexpected error.');
  if (status === 504) return mxError(status, 20000, description, 'A timeout or connectivity problem occurred. Try again later.');
  if (status >= 400 && status < 500) return mxError(status, 40000, description, 'The request broke a business rule.');
  return mxError(status, 10000, description, 'An internal MX error occurred.');
}
