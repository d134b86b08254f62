// The `MX: Sign In` prompts, in the order of the conventions: environment (Custom… asks for the
// two base URLs), username, password, client ID, client secret. Back goes one step back, Escape
// abandons the flow with nothing changed; what was typed before is offered again.
import * as vscode from 'vscode';
import { customEnvironment, MxEnvironment, validateBaseUrl } from '../mx/environments';
import { clientIdLength, MAX_CLIENT_ID_LENGTH } from '../mx/clientId';
import { BACK, CANCEL, showInput, showPick } from './multiStepInput';

export interface SignInAnswers {
  readonly environment: MxEnvironment;
  readonly username: string;
  readonly password: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Answers to offer again: the last sign-in's (non-secret) or the failed attempt's (all). */
export interface SignInDefaults {
  readonly environment?: MxEnvironment;
  readonly environmentName?: string;
  readonly username?: string;
  readonly password?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
}

const TITLE = 'MX: Sign In';

interface EnvironmentItem extends vscode.QuickPickItem {
  readonly environment?: MxEnvironment;
}

function required(field: string): (value: string) => string | undefined {
  return (value) => (value.trim() === '' ? `${field} is required.` : undefined);
}

export function validateClientId(value: string): string | undefined {
  const length = clientIdLength(value);
  if (length === 0) return 'Client ID is required: any string up to 50 characters that names your application.';
  if (length > MAX_CLIENT_ID_LENGTH) return `Client ID is ${length} characters long; MX allows at most ${MAX_CLIENT_ID_LENGTH}.`;
  return undefined;
}

/** Runs the prompts; undefined when the user cancelled. */
export async function askSignInAnswers(
  environments: readonly MxEnvironment[],
  defaults: SignInDefaults,
): Promise<SignInAnswers | undefined> {
  const answers: {
    environment?: MxEnvironment;
    custom?: boolean;
    authUrl?: string;
    apiUrl?: string;
    username?: string;
    password?: string;
    clientId?: string;
    clientSecret?: string;
  } = {
    environment: defaults.environment,
    custom: defaults.environment?.kind === 'custom' && !environments.some((e) => e.id === defaults.environment?.id),
    authUrl: defaults.environment?.authUrl,
    apiUrl: defaults.environment?.apiUrl,
    username: defaults.username,
    password: defaults.password,
    clientId: defaults.clientId,
    clientSecret: defaults.clientSecret,
  };

  type Step = (position: { step: number; totalSteps: number }) => Promise<boolean | typeof BACK | typeof CANCEL>;
  const environmentStep: Step = async (position) => {
    const items: EnvironmentItem[] = [
      ...environments.map((environment) => ({ label: environment.name, description: environment.apiUrl, environment })),
      { label: 'Custom…', description: 'Enter an auth base URL and an API base URL' },
    ];
    const previous =
      (answers.custom ? items[items.length - 1] : undefined) ??
      items.find((item) => item.environment && item.environment.id === answers.environment?.id) ??
      items.find((item) => item.environment && item.label === defaults.environmentName);
    const chosen = await showPick({ title: TITLE, ...position, placeholder: 'Environment to sign in to', items, active: previous });
    if (chosen === BACK || chosen === CANCEL) return chosen;
    answers.custom = !chosen.environment;
    if (chosen.environment) {
      answers.environment = chosen.environment;
      // An environment's own defaults beat answers remembered from another environment.
      const preset = chosen.environment.signInDefaults;
      const rememberedHere = defaults.environment?.id === chosen.environment.id || defaults.environmentName === chosen.environment.name;
      if (preset && !rememberedHere) {
        answers.username = preset.username ?? answers.username;
        answers.clientId = preset.clientId ?? answers.clientId;
      }
    }
    return true;
  };
  const urlStep = (field: 'authUrl' | 'apiUrl', label: string, example: string): Step => async (position) => {
    const value = await showInput({
      title: TITLE,
      ...position,
      prompt: field === 'authUrl' ? `${label} (the token endpoint is ${label}/connect/token)` : `${label} (API paths such as /mxs/reference-data/v1/cinema-chains go after it)`,
      placeholder: `${label}, e.g. ${example}`,
      value: answers[field],
      validate: (text) => {
        const check = validateBaseUrl(text, label);
        return check.ok ? undefined : check.reason;
      },
    });
    if (value === BACK || value === CANCEL) return value;
    answers[field] = value.trim();
    return true;
  };
  const textStep = (
    field: 'username' | 'password' | 'clientId' | 'clientSecret',
    prompt: () => string,
    placeholder: string,
    options: { password?: boolean; validate: (value: string) => string | undefined },
  ): Step => async (position) => {
    const value = await showInput({ title: TITLE, ...position, prompt: prompt(), placeholder, value: answers[field], ...options });
    if (value === BACK || value === CANCEL) return value;
    answers[field] = field === 'username' || field === 'clientId' ? value.trim() : value;
    return true;
  };
  const where = (): string => (answers.custom ? 'your custom environment' : (answers.environment?.name ?? 'MX'));
  const tail: Step[] = [
    textStep('username', () => `Username for ${where()}`, 'Username (the MX account, often an e-mail address)', { validate: required('Username') }),
    textStep('password', () => `Password for ${answers.username ?? 'this account'}`, 'Password', { password: true, validate: required('Password') }),
    textStep('clientId', () => `Client ID: any string up to ${MAX_CLIENT_ID_LENGTH} characters naming your application, e.g. Acme_Website`, 'Client ID', { validate: validateClientId }),
    textStep('clientSecret', () => 'Client secret (sent as MX-Api-Client-Secret on every API call)', 'Client secret', { password: true, validate: required('Client secret') }),
  ];
  const customSteps: Step[] = [
    urlStep('authUrl', 'Auth base URL', 'https://auth.example.com'),
    urlStep('apiUrl', 'API base URL', 'https://api.example.com'),
  ];

  let index = 0;
  for (;;) {
    const steps = [environmentStep, ...(answers.custom ? customSteps : []), ...tail];
    if (index >= steps.length) break;
    const outcome = await steps[index]({ step: index + 1, totalSteps: steps.length });
    if (outcome === CANCEL) return undefined;
    index = outcome === BACK ? Math.max(0, index - 1) : index + 1;
  }

  let environment = answers.environment;
  if (answers.custom) {
    const custom = customEnvironment(answers.authUrl ?? '', answers.apiUrl ?? '');
    if (!custom.ok) return undefined; // unreachable: both URLs were validated as typed
    environment = custom.environment;
  }
  if (!environment || !answers.username || !answers.password || !answers.clientId || !answers.clientSecret) return undefined;
  return {
    environment,
    username: answers.username,
    password: answers.password,
    clientId: answers.clientId,
    clientSecret: answers.clientSecret,
  };
}
