// How a file or folder of an instance looks in the tree: the theme's file icons through
// resourceUri, and a click opens the file through the operator: file system.
import * as vscode from 'vscode';
import type { FileNode } from './nodes';

export function fileTreeItem(node: FileNode): vscode.TreeItem {
  const item = new vscode.TreeItem(
    node.uri,
    node.directory
      ? vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None,
  );
  if (node.label) item.label = node.label;
  item.id = `file:${node.uri.toString()}`;
  item.iconPath = node.directory ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
  item.contextValue = node.directory ? 'operator.directory' : 'operator.file';
  if (!node.directory) {
    item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri] };
  }
  return item;
}
