// Shows why `.http` sending stopped (httpRunStop.ts decides and words it), with the action that
// helps: MX: Sign In when signed out or the token failed, Manage Workspace Trust in Restricted Mode.
// One place, for MX: Send, MX: Send All and test runs alike.
import * as vscode from 'vscode';
import { type RunStop, stopAction } from '../httpFiles/httpRunStop';

const COMMAND_OF = { 'Sign In': 'mx.signIn', 'Manage Workspace Trust': 'workbench.trust.manage' } as const;

export async function showStopNotice(stop: RunStop, message: string): Promise<void> {
  const action = stopAction(stop);
  const show = stop === 'refused' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = action ? await show(message, action) : await show(message);
  if (action && choice === action) await vscode.commands.executeCommand(COMMAND_OF[action]);
}
