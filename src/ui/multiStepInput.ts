// Quick-pick and input-box steps with a Back button, numbered titles and Escape = cancel.
import * as vscode from 'vscode';

/** The user pressed Back: go to the previous step. */
export const BACK = Symbol('back');
/** The user pressed Escape (or focus left with ignoreFocusOut off): abandon the whole flow. */
export const CANCEL = Symbol('cancel');
export type StepResult<T> = T | typeof BACK | typeof CANCEL;

export interface StepPosition {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

export interface InputStep extends StepPosition {
  readonly prompt: string;
  readonly placeholder?: string;
  readonly value?: string;
  readonly password?: boolean;
  /** Returns a reason to refuse the value, checked as the user types and again on Enter. */
  readonly validate?: (value: string) => string | undefined;
}

export interface PickStep<T extends vscode.QuickPickItem> extends StepPosition {
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly active?: T;
}

function withButtons(step: StepPosition): readonly vscode.QuickInputButton[] {
  return step.step > 1 ? [vscode.QuickInputButtons.Back] : [];
}

/** Shows `ui` until one of the wired events finishes it; Escape or hiding it cancels. */
function run<R>(ui: vscode.QuickInput, wire: (finish: (result: StepResult<R>) => void) => vscode.Disposable[]): Promise<StepResult<R>> {
  return new Promise<StepResult<R>>((resolve) => {
    let settled = false;
    const disposables: vscode.Disposable[] = [];
    const finish = (result: StepResult<R>): void => {
      if (settled) return;
      settled = true;
      for (const d of disposables) d.dispose();
      ui.dispose();
      resolve(result);
    };
    disposables.push(...wire(finish), ui.onDidHide(() => finish(CANCEL)));
    ui.show();
  });
}

function onBack(ui: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> }, finish: (result: typeof BACK) => void): vscode.Disposable {
  return ui.onDidTriggerButton((button) => {
    if (button === vscode.QuickInputButtons.Back) finish(BACK);
  });
}

export function showInput(step: InputStep): Promise<StepResult<string>> {
  const input = vscode.window.createInputBox();
  input.title = step.title;
  input.step = step.step;
  input.totalSteps = step.totalSteps;
  input.prompt = step.prompt;
  input.placeholder = step.placeholder;
  input.value = step.value ?? '';
  input.password = step.password ?? false;
  input.ignoreFocusOut = true;
  input.buttons = withButtons(step);
  const check = (value: string): string | undefined => step.validate?.(value);
  input.validationMessage = input.value ? check(input.value) : undefined;
  return run<string>(input, (finish) => [
    input.onDidChangeValue((value) => (input.validationMessage = check(value))),
    input.onDidAccept(() => {
      const problem = check(input.value);
      input.validationMessage = problem;
      if (!problem) finish(input.value);
    }),
    onBack(input, finish),
  ]);
}

export function showPick<T extends vscode.QuickPickItem>(step: PickStep<T>): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = step.title;
  pick.step = step.step;
  pick.totalSteps = step.totalSteps;
  pick.placeholder = step.placeholder;
  pick.items = step.items;
  pick.ignoreFocusOut = true;
  pick.buttons = withButtons(step);
  if (step.active) pick.activeItems = [step.active];
  return run<T>(pick, (finish) => [
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (chosen) finish(chosen);
    }),
    onBack(pick, finish),
  ]);
}
