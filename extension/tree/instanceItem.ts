// How an instance looks in the tree. The contextValue `operator.instance.<status>` lets the
// menus in package.json offer exactly the actions that status allows.
import * as vscode from 'vscode';
import type { Instance, InstanceStatus } from '../../server/protocol';

const ICONS: Record<InstanceStatus, vscode.ThemeIcon> = {
  provisioning: new vscode.ThemeIcon('loading~spin'),
  active: new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed')),
  inactive: new vscode.ThemeIcon('vm-outline', new vscode.ThemeColor('disabledForeground')),
  suspended: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow')),
};

export function instanceTreeItem(instance: Instance): vscode.TreeItem {
  const item = new vscode.TreeItem(
    instance.name,
    // Only a running container serves its files.
    instance.status === 'active'
      ? vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None,
  );
  item.id = instanceNodeId(instance.name);
  item.description = `${instance.type} · ${instance.image}`;
  item.iconPath = ICONS[instance.status];
  item.contextValue = `operator.instance.${instance.status}`;
  item.tooltip = instanceTooltip(instance);
  item.accessibilityInformation = { label: `${instance.name}, ${instance.status}` };
  return item;
}

function instanceNodeId(name: string): string {
  return `instance:${name}`;
}

function instanceTooltip(instance: Instance): vscode.MarkdownString {
  const { cpus, memoryMb } = instance.resources;
  const lines = [
    `**${instance.name}** — ${instance.status}`,
    '',
    `Type: ${instance.type}  `,
    `Image: \`${instance.image}\`  `,
    `Network: ${instance.network}  `,
    `Resources: ${cpus} CPU, ${memoryMb} MiB  `,
    `Created: ${new Date(instance.createdAt).toLocaleString()}  `,
    `Updated: ${new Date(instance.updatedAt).toLocaleString()}`,
  ];
  if (instance.statusReason) lines.push('', `_${instance.statusReason}_`);
  const tooltip = new vscode.MarkdownString(lines.join('\n'));
  tooltip.supportHtml = false;
  return tooltip;
}
