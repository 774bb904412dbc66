// Set the plan, which bounds how many instances may be active or provisioning at once.
import * as vscode from 'vscode';
import { PlanSetRequest, type Plan, type PlanName } from '../../server/protocol';
import type { CommandContext } from './context';
import { showError } from './showError';

const PLANS: PlanName[] = ['basic', 'pro', 'max'];

export async function setPlan(
  context: CommandContext,
  given?: PlanName,
): Promise<Plan | undefined> {
  const name = given ?? (await askPlan(context.planStatus.plan));
  if (!name) return undefined;
  try {
    const plan = await context.client.send(PlanSetRequest.type, { name });
    context.planStatus.show(plan);
    context.log.info(`[Plan] set to ${plan.name} (${plan.used}/${plan.limit})`);
    return plan;
  } catch (error) {
    void showError(context.log, `Cannot set the plan to ${name}`, error);
    return undefined;
  }
}

async function askPlan(current: Plan | undefined): Promise<PlanName | undefined> {
  // The limits are the server's to say; the current one is shown beside its plan.
  const items = PLANS.map((name) => ({
    label: name,
    description:
      current?.name === name ? `current: ${current.used} of ${current.limit} in use` : undefined,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Set Plan',
    placeHolder: 'How many instances may be active at once depends on the plan',
  });
  return picked?.label;
}
