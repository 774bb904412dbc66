// Create an instance: a name checked as it is typed (by the server's own rule, and
// against the instances that exist), a type picked from a list, then progress until the
// server has provisioned it.
import * as vscode from 'vscode';
import {
  InstanceCreateRequest,
  InstanceGetRequest,
  type Instance,
  type InstanceCreateParams,
  type InstanceType,
} from '../../server/protocol';
import { instanceNameProblem } from '../../server/instances/validate';
import { defaultInstanceType, instanceNetwork } from '../config';
import type { CommandContext } from './context';
import { showError } from './showError';

const TYPES: { type: InstanceType; detail: string }[] = [
  { type: 'prebuilt', detail: 'Starts with the managed defaults in its home (AGENTS.md)' },
  { type: 'blank', detail: 'Starts with an empty home' },
];

/** Callers (tests, other extensions) may give any of the answers instead of being asked. */
export async function createInstance(
  context: CommandContext,
  given: Partial<InstanceCreateParams> = {},
): Promise<Instance | undefined> {
  const name = given.name ?? (await askName(context));
  if (name === undefined) return undefined;
  const type = given.type ?? (await askType());
  if (type === undefined) return undefined;
  const params: InstanceCreateParams = { network: instanceNetwork(), ...given, name, type };
  try {
    // Cancel sends $/cancelRequest; the server rolls the provision back.
    const instance = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Creating ${name}…`,
        cancellable: true,
      },
      (_progress, token) => context.client.send(InstanceCreateRequest.type, params, token),
    );
    context.log.info(`[Instances] created ${name} (${type}), now ${instance.status}`);
    return instance;
  } catch (error) {
    void showError(context.log, `Cannot create ${name}`, error);
    return undefined;
  }
}

function askName(context: CommandContext): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Create Instance',
    prompt: 'Lowercase letters, digits and single hyphens, starting with a letter',
    placeHolder: 'instance name',
    ignoreFocusOut: true,
    validateInput: (value) => nameProblem(context, value.trim()),
  });
}

async function nameProblem(context: CommandContext, name: string): Promise<string | undefined> {
  const problem = instanceNameProblem(name);
  if (problem) return capitalize(problem);
  if (context.tree.node(name)) return `An instance named "${name}" exists already`;
  try {
    const existing = await context.client.send(InstanceGetRequest.type, { name });
    if (!existing.deletedAt) return `An instance named "${name}" exists already`;
  } catch {
    // NotFound is the answer hoped for; any other failure is for create to report.
  }
  return undefined;
}

async function askType(): Promise<InstanceType | undefined> {
  const preferred = defaultInstanceType();
  const items = [...TYPES]
    .sort((a, b) => Number(b.type === preferred) - Number(a.type === preferred))
    .map((entry) => ({ label: entry.type, detail: entry.detail, type: entry.type }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Create Instance',
    placeHolder: 'Instance type',
  });
  return picked?.type;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
