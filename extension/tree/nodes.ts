// The kinds of node in the Instances tree. Instance nodes are kept and updated in place,
// so that a change redraws one row and keeps its expansion.
import type * as vscode from 'vscode';
import type { Instance } from '../../server/protocol';

export interface InstanceNode {
  readonly kind: 'instance';
  instance: Instance;
}

/** A folder or file inside an instance; the instance's home is the first of them. */
export interface FileNode {
  readonly kind: 'file';
  readonly instance: string;
  readonly uri: vscode.Uri;
  readonly directory: boolean;
  /** The label when it is not the file's own name. */
  readonly label?: string;
}

export type TreeNode = InstanceNode | FileNode;
