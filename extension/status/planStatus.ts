// The status bar item: plan usage (`Operator 2/5`) while the server answers, and a
// warning with the way out when the server or the Docker engine does not.
import * as vscode from 'vscode';
import { PlanGetRequest, type InitializeResult, type Plan } from '../../server/protocol';
import type { ServerClient } from '../connection/serverClient';
import type { ServerState } from '../connection/serverState';

const REFRESH_DELAY_MS = 150;

export class PlanStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'operator.plan',
    vscode.StatusBarAlignment.Left,
  );
  private current: Plan | undefined;
  private seen: InitializeResult | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: ServerClient) {
    this.item.name = 'Operator';
    this.subscriptions = [
      client.onDidChangeState((state) => this.render(state)),
      // Every change of an instance may change how many count against the plan.
      client.notifications.onInstanceDidChange(() => this.scheduleRefresh()),
    ];
  }

  get plan(): Plan | undefined {
    return this.current;
  }

  show(plan: Plan): void {
    this.current = plan;
    this.render(this.client.state);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.client.send0(PlanGetRequest.type).then(
        (plan) => this.show(plan),
        () => undefined,
      );
    }, REFRESH_DELAY_MS);
  }

  private render(state: ServerState): void {
    const item = this.item;
    switch (state.kind) {
      case 'idle':
        item.hide();
        return;
      case 'connecting':
        item.text = '$(loading~spin) Operator';
        item.tooltip = 'Connecting to the Operator server…';
        item.command = 'operator.log.show';
        item.backgroundColor = undefined;
        break;
      case 'connected': {
        // Each connection brings the plan as it was at that moment.
        if (this.seen !== state.initialize || !this.current) {
          this.seen = state.initialize;
          this.current = state.initialize.plan;
        }
        const { name, used, limit } = this.current;
        if (!state.dockerAvailable) {
          item.text = '$(warning) Operator: no Docker';
          item.tooltip =
            `${state.dockerError ?? 'The Docker engine does not answer.'}\n\n` +
            'Start the engine, or set operator.dockerHost to the engine to use, then click ' +
            'to reconnect.';
          item.command = 'operator.server.reconnect';
          item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
          break;
        }
        item.text = `$(vm) Operator ${used}/${limit}`;
        item.tooltip =
          `Plan ${name}: ${used} of ${limit} instances active or provisioning. ` +
          'Click to change the plan.';
        item.command = 'operator.plan.set';
        item.backgroundColor = undefined;
        break;
      }
      case 'unavailable':
        item.text = state.dockerUnavailable
          ? '$(warning) Operator: no Docker'
          : '$(error) Operator: server unavailable';
        item.tooltip =
          `${state.message}\n\n` +
          (state.reconnecting
            ? 'Reconnecting… Click to try now.'
            : state.dockerUnavailable
              ? 'Start the Docker engine or set operator.dockerHost, then click to retry.'
              : 'Click to retry; the Operator log has the details.');
        item.command = 'operator.server.reconnect';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    item.show();
  }
}
