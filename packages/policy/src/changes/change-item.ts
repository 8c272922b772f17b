/** What one structural change is: a file, an object in it, or a field of that object. */
export type ChangeScope = 'file' | 'object' | 'field';

export type ChangeOp = 'add' | 'remove' | 'replace';

/** One structural change a proposal makes, as reviewers and risk rules read it. */
export interface ChangeItem {
  /** Repo-relative path of the edited file. */
  file: string;
  /** `file` for a file created, deleted or changed as text; `object` for a whole object added or removed; `field` otherwise. */
  scope: ChangeScope;
  /** `apiVersion` of the object; absent for file-level items. */
  apiVersion?: string;
  /** Object kind, e.g. `Deployment`; empty for file-level items. */
  kind: string;
  /** Namespace from `metadata.namespace`, when the object has one. */
  namespace?: string;
  /** `metadata.name`; `#<n>` for the n-th unnamed object of its kind in the file; empty for file-level items. */
  name: string;
  /** Dotted path of the changed field, named list items in brackets (`containers[jellyfin]`); empty for file- and object-level items. */
  field: string;
  op: ChangeOp;
  /** Value before the change; absent when added (and for file-level items). */
  before?: unknown;
  /** Value after the change; absent when removed (and for file-level items). */
  after?: unknown;
  /** True when the file's YAML (before or after) cannot be parsed, so nothing finer can be said. */
  unparsable?: true;
}
