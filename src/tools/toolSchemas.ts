// The agent tools' names and input schemas: what package.json contributes (a unit test keeps the
// two identical) and what toolInputs.ts checks before anything is sent. vscode-free.

import type { ToolName } from './toolNames';

export { isToolName, TOOL_NAMES, type ToolName } from './toolNames';

/** One id: a single path segment (letters, digits, . _ ~ -), as every MX id is. */
const ID = { type: 'string', pattern: '^[A-Za-z0-9._~-]{1,100}$' } as const;

/** A site-local date, or a day relative to the site's today, optionally with a time. */
export const LOCAL_TIME_PATTERN = '^(today|tomorrow|\\d{4}-\\d{2}-\\d{2})(T\\d{2}:\\d{2})?$';

export const SEND_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const TOOL_SCHEMAS: Readonly<Record<ToolName, object>> = {
  mx_list_cinema_chains: { type: 'object', properties: {}, additionalProperties: false },
  mx_list_sites: {
    type: 'object',
    properties: { cinemaChainId: { ...ID, description: 'Id of the cinema chain (from mx_list_cinema_chains).' } },
    required: ['cinemaChainId'],
    additionalProperties: false,
  },
  mx_list_films: {
    type: 'object',
    properties: {
      cinemaChainId: { ...ID, description: 'Id of the cinema chain (from mx_list_cinema_chains).' },
      title: { type: 'string', maxLength: 100, description: 'Only films whose title contains this text (case-insensitive).' },
    },
    required: ['cinemaChainId'],
    additionalProperties: false,
  },
  mx_list_showtimes: {
    type: 'object',
    properties: {
      siteId: { ...ID, description: 'Id of the site (from mx_list_sites).' },
      from: {
        type: 'string',
        pattern: LOCAL_TIME_PATTERN,
        description: "Start of the window in the site's local time: YYYY-MM-DD or YYYY-MM-DDTHH:mm; 'today' and 'tomorrow' (the site's today) also take a time, e.g. tomorrowT18:00.",
      },
      to: {
        type: 'string',
        pattern: LOCAL_TIME_PATTERN,
        description: "End of the window in the site's local time, inclusive, in the same forms as from: a day alone means until the end of that day.",
      },
      filmId: { ...ID, description: 'Only showtimes of this film (an id from mx_list_films).' },
    },
    required: ['siteId'],
    additionalProperties: false,
  },
  mx_get_order: {
    type: 'object',
    properties: {
      cinemaChainId: { ...ID, description: 'Id of the cinema chain the order belongs to.' },
      orderId: { ...ID, description: 'Id of the order (the id Create Order returned).' },
    },
    required: ['cinemaChainId', 'orderId'],
    additionalProperties: false,
  },
  mx_explain_error: {
    type: 'object',
    properties: {
      errorCode: { type: 'integer', minimum: 0, description: 'An MX error code such as 40001.' },
      errorBody: {
        type: 'string',
        maxLength: 20000,
        description: 'An MX error body as received, e.g. {"errorCode":40001,"errorDescription":"…","errorCodeDescription":"…"}.',
      },
      httpStatus: { type: 'integer', minimum: 100, maximum: 599, description: 'The HTTP status the error came with, if known.' },
      correlationId: { type: 'string', maxLength: 100, description: 'The Mx-Correlation-Id of the failed response, if known.' },
    },
    additionalProperties: false,
  },
  mx_send_request: {
    type: 'object',
    properties: {
      method: { type: 'string', enum: [...SEND_METHODS], description: 'HTTP method.' },
      path: {
        type: 'string',
        maxLength: 400,
        description: 'A documented MX path with its ids filled in, e.g. /mxs/reference-data/v1/cinema-chains/{id}. No host, no query string.',
      },
      query: {
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
        description: 'Query parameters as name → value.',
      },
      body: { description: 'JSON body for POST, PUT, PATCH or DELETE: a JSON value, or JSON text.' },
    },
    required: ['method', 'path'],
    additionalProperties: false,
  },
  mx_run_http_request: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100, description: 'The name of the request, from its "# @name <name>" line in the .http file.' },
      file: {
        type: 'string',
        maxLength: 300,
        description: 'Workspace-relative path of the .http or .rest file, e.g. api/mx.http. Optional when the name is unique in the workspace.',
      },
      env: {
        type: 'string',
        maxLength: 100,
        description: 'Environment of http-client.env.json to take {{variables}} from. Optional: by default the one picked with "MX: Select .http Environment".',
      },
    },
    required: ['name'],
    additionalProperties: false,
  },
};
