// The agent tools' names, the one list: what package.json contributes, what activation registers
// (before the tools' code is loaded) and what toolSchemas.ts describes. vscode-free.

export const TOOL_NAMES = [
  'mx_list_cinema_chains',
  'mx_list_sites',
  'mx_list_films',
  'mx_list_showtimes',
  'mx_get_order',
  'mx_explain_error',
  'mx_send_request',
  'mx_run_http_request',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export function isToolName(name: unknown): name is ToolName {
  return typeof name === 'string' && (TOOL_NAMES as readonly string[]).includes(name);
}
